import { serverContext } from '../../../../../../server/context.ts';
import { submissionHistory, taughtClass } from '../../../../../../server/homework/service.ts';
import { exerciseId } from '../../../../../../server/schemas.ts';
import { endpoint, HttpError, idParam, json, requireRole } from '../../../../../../server/http.ts';

/** A student's submissions of one exercise, with every grading: code, checks, seed, version. */
export const GET = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const klass = await taughtClass(db, user, idParam(context.params['id']));
  const exercise = context.url.searchParams.get('exercise') ?? '';
  if (!exerciseId.safeParse(exercise).success) {
    throw new HttpError(400, 'invalid-query', 'exercise: no such exercise');
  }
  return json(200, {
    submissions: await submissionHistory(db, klass.id, context.params['userId'] ?? '', exercise),
  });
});
