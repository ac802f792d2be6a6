import { serverContext } from '../../../../server/context.ts';
import {
  presentAssignment,
  assignmentMatrix,
  taughtAssignment,
} from '../../../../server/homework/service.ts';
import { endpoint, idParam, json, requireRole } from '../../../../server/http.ts';

export const GET = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const { assignment } = await taughtAssignment(db, user, idParam(context.params['id']));
  return json(200, {
    assignment: presentAssignment(assignment),
    students: await assignmentMatrix(db, assignment),
  });
});
