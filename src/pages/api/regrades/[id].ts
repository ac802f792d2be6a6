import { serverContext } from '../../../server/context.ts';
import { regradeChanges, taughtAssignment } from '../../../server/homework/service.ts';
import { endpoint, idParam, json, requireRole } from '../../../server/http.ts';

/** A regrade's progress and what it changed, submission by submission. */
export const GET = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const result = await regradeChanges(db, idParam(context.params['id']));
  await taughtAssignment(db, user, result.regrade.assignmentId);
  return json(200, result);
});
