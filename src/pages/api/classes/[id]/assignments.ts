import { serverContext } from '../../../../server/context.ts';
import {
  presentAssignment,
  createAssignment,
  taughtClass,
} from '../../../../server/homework/service.ts';
import { assignmentBody } from '../../../../server/homework/schemas.ts';
import { endpoint, idParam, json, readJson, requireRole } from '../../../../server/http.ts';

export const POST = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const klass = await taughtClass(db, user, idParam(context.params['id']));
  const body = await readJson(context.request, assignmentBody);
  return json(201, {
    assignment: presentAssignment(await createAssignment(db, klass.id, body)),
  });
});
