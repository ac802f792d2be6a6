import { serverContext } from '../../../../../server/context.ts';
import { removeMember, taughtClass } from '../../../../../server/homework/service.ts';
import { endpoint, idParam, json, requireRole } from '../../../../../server/http.ts';

/** Removes a student from the class (their submissions stay theirs). */
export const DELETE = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const klass = await taughtClass(db, user, idParam(context.params['id']));
  await removeMember(db, klass.id, context.params['userId'] ?? '');
  return json(204, null);
});
