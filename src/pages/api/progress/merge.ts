import { serverContext } from '../../../server/context.ts';
import { endpoint, json, readJson, requireUser } from '../../../server/http.ts';
import { recordAttempts } from '../../../server/progress.ts';
import { mergeBody } from '../../../server/schemas.ts';

/**
 * Progress made before signing in (kept in the browser) joins the account as runs: it counts
 * for statistics like any browser run, never as a score.
 */
export const POST = endpoint(async (context) => {
  const user = requireUser(context);
  const body = await readJson(context.request, mergeBody);
  const { db } = (await serverContext()).database;
  await recordAttempts(db, user.id, body.attempts, 'merged');
  return json(200, { merged: body.attempts.length });
});
