import { serverContext } from '../../../../../../server/context.ts';
import { studentTimeline, taughtClass } from '../../../../../../server/homework/service.ts';
import { endpoint, idParam, json, requireRole } from '../../../../../../server/http.ts';

/** A student's submissions for the class's homework, in time order. */
export const GET = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const klass = await taughtClass(db, user, idParam(context.params['id']));
  return json(200, await studentTimeline(db, klass.id, context.params['userId'] ?? ''));
});
