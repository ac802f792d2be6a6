import { serverContext } from '../../../server/context.ts';
import { endpoint, HttpError, idParam, json, requireUser } from '../../../server/http.ts';
import { submissionOf } from '../../../server/progress.ts';

export const GET = endpoint(async (context) => {
  const user = requireUser(context);
  const id = idParam(context.params['id']);
  const { db } = (await serverContext()).database;
  const submission = await submissionOf(db, user.id, id);
  if (!submission) throw new HttpError(404, 'not-found', 'no such submission');
  return json(200, { submission });
});
