// The grading queue, in the database itself: a submission and its job are written in one
// transaction, so an acknowledged submission is always graded, by this server after a
// restart or by any worker sharing the PostgreSQL server. Workers claim jobs with
// FOR UPDATE SKIP LOCKED under a lease; a job whose worker died is claimed again when its
// lease runs out. (pg-boss would need a PostgreSQL connection, which PGlite is not; one table
// serves both.) Each write refreshes the homework standings it changes, in its transaction,
// and tells the progress cache once it has committed.
import { and, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { gradingJobs, gradings, submissions } from '../../db/schema.ts';
import type { Verdict } from '../../graders/grading/types.ts';
import { refreshForSubmission } from './homework/standings-table.ts';
import { progressChanged } from './progress.ts';

/** Raw SQL's rows: PGlite and node-postgres both answer { rows }. */
async function rows<T>(db: Db, query: SQL): Promise<{ rows: T[] }> {
  return (await db.execute(query)) as unknown as { rows: T[] };
}

/** Tries before a job is given up (a grader that crashes the same way every time). */
export const MAX_TRIES = 3;

export interface NewSubmission {
  userId: string;
  exerciseId: string;
  code: string;
}

/** Stores a submission and queues its grading, atomically; answers the submission's id. */
export async function enqueueSubmission(db: Db, input: NewSubmission): Promise<number> {
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(submissions).values(input).returning({ id: submissions.id });
    await tx.insert(gradingJobs).values({ submissionId: row!.id });
    await refreshForSubmission(tx, input.userId, input.exerciseId);
    return row!.id;
  });
  progressChanged(input.userId);
  return id;
}

export interface ClaimedJob {
  jobId: number;
  submissionId: number;
  tries: number;
  /** The teacher's regrade this job belongs to, if any. */
  regradeId: number | null;
  exerciseId: string;
  code: string;
}

/** Takes the oldest job nobody holds, for `leaseMs`; null when there is none. */
export async function claimJob(db: Db, leaseMs: number): Promise<ClaimedJob | null> {
  const result = await rows<{
    id: string | number;
    submission_id: string | number;
    tries: number;
    regrade_id: string | number | null;
  }>(
    db,
    sql`
    update grading_jobs set state = 'running', tries = tries + 1,
      lease_until = now() + ${`${Math.round(leaseMs)} milliseconds`}::interval
    where id = (
      select id from grading_jobs
      where state = 'queued' or (state = 'running' and lease_until < now())
      order by id
      limit 1
      for update skip locked
    )
    returning id, submission_id, tries, regrade_id`,
  );
  const job = result.rows[0];
  if (!job) return null;
  const jobId = Number(job.id);
  const submissionId = Number(job.submission_id);
  if (job.tries > MAX_TRIES) {
    await failJob(db, jobId, submissionId, `grading stopped ${MAX_TRIES} times without an answer`);
    return claimJob(db, leaseMs);
  }
  const [submission] = await db
    .select({ exerciseId: submissions.exerciseId, code: submissions.code })
    .from(submissions)
    .where(eq(submissions.id, submissionId));
  return {
    jobId,
    submissionId,
    tries: job.tries,
    regradeId: job.regrade_id === null ? null : Number(job.regrade_id),
    exerciseId: submission!.exerciseId,
    code: submission!.code,
  };
}

/**
 * Stores the verdict with its submission (the latest grading) and in the grading history,
 * and closes the job, atomically.
 */
export async function completeJob(db: Db, job: ClaimedJob, verdict: Verdict): Promise<void> {
  const graded = {
    passed: verdict.passed,
    score: verdict.score,
    checks: verdict.checks,
    diagnosis: verdict.diagnosis,
    error: verdict.error,
    seed: verdict.seed,
    graderVersion: verdict.graderVersion,
    gradedAt: new Date(),
  };
  const owner = await db.transaction(async (tx) => {
    const closed = await tx
      .update(gradingJobs)
      .set({ state: 'done', finishedAt: new Date(), leaseUntil: null })
      .where(and(eq(gradingJobs.id, job.jobId), eq(gradingJobs.state, 'running')))
      .returning({ id: gradingJobs.id });
    // a worker whose lease ran out finishes after another one took the job over and finished
    // it: the first verdict stands, once
    if (closed.length === 0) return undefined;
    const [owner] = await tx
      .update(submissions)
      .set({ ...graded, state: 'graded', gradingMs: Math.round(verdict.durationMs) })
      .where(eq(submissions.id, job.submissionId))
      .returning({ userId: submissions.userId, exerciseId: submissions.exerciseId });
    await tx
      .insert(gradings)
      .values({ ...graded, submissionId: job.submissionId, regradeId: job.regradeId });
    if (owner) await refreshForSubmission(tx, owner.userId, owner.exerciseId);
    return owner;
  });
  if (owner) progressChanged(owner.userId);
}

export async function failJob(db: Db, jobId: number, submissionId: number, reason: string) {
  const owner = await db.transaction(async (tx) => {
    // the job's row first, then the submission's, as completeJob takes them: two transactions
    // on one job never wait on each other
    await tx
      .update(gradingJobs)
      .set({ state: 'failed', lastError: reason, finishedAt: new Date(), leaseUntil: null })
      .where(eq(gradingJobs.id, jobId));
    const [owner] = await tx
      .update(submissions)
      .set({ state: 'failed', error: { kind: 'crash', message: reason }, gradedAt: new Date() })
      .where(eq(submissions.id, submissionId))
      .returning({ userId: submissions.userId, exerciseId: submissions.exerciseId });
    if (owner) await refreshForSubmission(tx, owner.userId, owner.exerciseId);
    return owner;
  });
  if (owner) progressChanged(owner.userId);
}

/**
 * Puts back every running job at once. Only for a process that knows it is the sole
 * worker (PGlite: one process holds the database), at start: its jobs' worker was itself.
 */
export async function requeueRunningJobs(db: Db): Promise<number> {
  const rows = await db
    .update(gradingJobs)
    .set({ state: 'queued', leaseUntil: null })
    .where(eq(gradingJobs.state, 'running'))
    .returning({ id: gradingJobs.id });
  return rows.length;
}

export async function queueDepth(db: Db): Promise<number> {
  const result = await rows<{ n: string | number }>(
    db,
    sql`select count(*) as n from grading_jobs where state in ('queued', 'running')`,
  );
  return Number(result.rows[0]?.n ?? 0);
}
