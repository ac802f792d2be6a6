import { serverContext } from '../../../../server/context.ts';
import { regradeAssignment, taughtAssignment } from '../../../../server/homework/service.ts';
import { endpoint, idParam, json, requireRole } from '../../../../server/http.ts';

/** Grades every submission of the assignment again; old scores stay in the history. */
export const POST = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const server = await serverContext();
  const { assignment } = await taughtAssignment(
    server.database.db,
    user,
    idParam(context.params['id']),
  );
  const regrade = await regradeAssignment(server.database.db, user, assignment);
  server.wakeWorker();
  return json(202, { regrade }, { location: `/api/regrades/${regrade.id}` });
});
