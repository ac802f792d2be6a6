import { attempts } from '../../../db/schema.ts';
import { serverContext } from '../../server/context.ts';
import { endpoint, json, readJson, requireUser } from '../../server/http.ts';
import { attemptBody } from '../../server/schemas.ts';

/** A run in the browser: recorded for statistics, never a score. */
export const POST = endpoint(async (context) => {
  const user = requireUser(context);
  const body = await readJson(context.request, attemptBody);
  const { db } = (await serverContext()).database;
  const [row] = await db
    .insert(attempts)
    .values({
      userId: user.id,
      exerciseId: body.exerciseId,
      clientPassed: body.passed,
      clientScore: body.score,
      backend: body.backend,
      durationMs: body.durationMs,
    })
    .returning({ id: attempts.id });
  return json(201, { id: row!.id });
});
