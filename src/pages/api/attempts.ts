import { serverContext } from '../../server/context.ts';
import { endpoint, json, readJson, requireUser } from '../../server/http.ts';
import { recordAttempts } from '../../server/progress.ts';
import { attemptBody } from '../../server/schemas.ts';

/** A run in the browser: recorded for statistics, never a score. */
export const POST = endpoint(async (context) => {
  const user = requireUser(context);
  const body = await readJson(context.request, attemptBody);
  const { db } = (await serverContext()).database;
  const [id] = await recordAttempts(db, user.id, [body]);
  return json(201, { id });
});
