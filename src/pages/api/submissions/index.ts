import { and, desc, eq } from 'drizzle-orm';
import { submissions } from '../../../../db/schema.ts';
import { serverContext } from '../../../server/context.ts';
import { endpoint, HttpError, json, readJson, requireUser } from '../../../server/http.ts';
import { attemptCapReached } from '../../../server/homework/service.ts';
import { enqueueSubmission } from '../../../server/queue.ts';
import { exerciseId, submissionBody } from '../../../server/schemas.ts';

/**
 * Sends code for the record. The answer (202) means the submission and its grading job are
 * stored; the verdict comes from GET /api/submissions/{id} once the server has graded it.
 * Whatever else the body holds (a "passed" the browser computed, say) is ignored.
 */
export const POST = endpoint(async (context) => {
  const user = requireUser(context);
  const body = await readJson(context.request, submissionBody);
  const server = await serverContext();
  const capped = await attemptCapReached(server.database.db, user.id, body.exerciseId);
  if (capped) {
    throw new HttpError(
      409,
      'attempt-cap',
      `"${capped.title}" allows ${capped.maxAttempts} submission(s) of this exercise, all used`,
    );
  }
  const id = await enqueueSubmission(server.database.db, {
    userId: user.id,
    exerciseId: body.exerciseId,
    code: body.code,
  });
  server.wakeWorker();
  return json(202, { id, state: 'queued' }, { location: `/api/submissions/${id}` });
});

/** The user's submissions, newest first, optionally of one exercise (without the code). */
export const GET = endpoint(async (context) => {
  const user = requireUser(context);
  const exercise = context.url.searchParams.get('exercise');
  if (exercise !== null && !exerciseId.safeParse(exercise).success) {
    throw new HttpError(400, 'invalid-query', 'exercise: no such exercise');
  }
  const { db } = (await serverContext()).database;
  const rows = await db
    .select({
      id: submissions.id,
      exerciseId: submissions.exerciseId,
      state: submissions.state,
      passed: submissions.passed,
      score: submissions.score,
      createdAt: submissions.createdAt,
      gradedAt: submissions.gradedAt,
    })
    .from(submissions)
    .where(
      exercise === null
        ? eq(submissions.userId, user.id)
        : and(eq(submissions.userId, user.id), eq(submissions.exerciseId, exercise)),
    )
    .orderBy(desc(submissions.id))
    .limit(200);
  return json(200, { submissions: rows });
});
