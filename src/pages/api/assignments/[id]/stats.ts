import { serverContext } from '../../../../server/context.ts';
import { assignmentStats, taughtAssignment } from '../../../../server/homework/service.ts';
import { endpoint, idParam, json, requireRole } from '../../../../server/http.ts';

export const GET = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const { assignment } = await taughtAssignment(db, user, idParam(context.params['id']));
  return json(200, await assignmentStats(db, assignment));
});
