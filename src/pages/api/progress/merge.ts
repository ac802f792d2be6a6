import { attempts } from '../../../../db/schema.ts';
import { serverContext } from '../../../server/context.ts';
import { endpoint, json, readJson, requireUser } from '../../../server/http.ts';
import { mergeBody } from '../../../server/schemas.ts';

/**
 * Progress made before signing in (kept in the browser) joins the account as runs: it counts
 * for statistics like any browser run, never as a score.
 */
export const POST = endpoint(async (context) => {
  const user = requireUser(context);
  const body = await readJson(context.request, mergeBody);
  const { db } = (await serverContext()).database;
  if (body.attempts.length > 0) {
    await db.insert(attempts).values(
      body.attempts.map((a) => ({
        userId: user.id,
        exerciseId: a.exerciseId,
        clientPassed: a.passed,
        clientScore: a.score,
        backend: a.backend,
        durationMs: a.durationMs,
        source: 'merged',
      })),
    );
  }
  return json(200, { merged: body.attempts.length });
});
