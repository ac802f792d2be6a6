// A learner's standing per exercise: the best server score (the only score that counts),
// browser runs (statistics), and the last submission.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { attempts, submissions } from '../../db/schema.ts';
import { EXERCISES } from '../../graders/exercises/index.ts';
import { cacheSlot } from './read-cache.ts';

export interface ExerciseProgress {
  id: string;
  chapter: string;
  bestScore: number | null;
  passed: boolean;
  runs: number;
  submissions: number;
  lastSubmission: { id: number; state: string; score: number | null; createdAt: string } | null;
}

interface ProgressRow {
  exercise_id: string;
  best: number | null;
  passed: boolean | null;
  submissions: number | null;
  runs: number | null;
  last_id: string | number | null;
  last_state: string | null;
  last_score: number | null;
  last_at: string | Date | null;
}

/**
 * Progress already read, kept in memory while this process is the database's only user
 * (PGlite: the data folder is locked to one process, which also grades). Every write that
 * changes a learner's progress (a run recorded, a submission made, graded or given up) passes
 * through this process and calls progressChanged after it commits. A read that was under way
 * when its user's progress changed is not kept, so an entry never predates a committed write.
 * With a PostgreSQL server, workers elsewhere grade, and nothing is cached. Measured here: the
 * query is ~1 ms of PGlite time on the event loop, most of the busiest read's work.
 */
const cache = cacheSlot<ExerciseProgress[]>('progress-cache', 60_000, 10_000);

/** Turns the progress cache on (only for a database this process alone uses) or off. */
export function cacheProgress(on: boolean): void {
  cache.switch(on);
}

/** Call after a write that changes `userId`'s progress has committed. */
export function progressChanged(userId: string): void {
  cache.current()?.forget(userId);
}

/** The learner's progress per exercise (from memory when cached, see above). */
export async function progressOf(db: Db, userId: string): Promise<ExerciseProgress[]> {
  const kept = cache.current();
  if (!kept) return readProgress(db, userId);
  return (
    kept.get(userId) ??
    kept.read(
      userId,
      () => readProgress(db, userId),
      (exercises) => exercises,
    )
  );
}

export interface NewAttempt {
  exerciseId: string;
  passed: boolean;
  score: number;
  backend: string;
  durationMs?: number | undefined;
}

/** Records browser runs (statistics only, never a score); answers their ids. */
export async function recordAttempts(
  db: Db,
  userId: string,
  runs: NewAttempt[],
  source: 'browser' | 'merged' = 'browser',
): Promise<number[]> {
  if (runs.length === 0) return [];
  const rows = await db
    .insert(attempts)
    .values(
      runs.map((a) => ({
        userId,
        exerciseId: a.exerciseId,
        clientPassed: a.passed,
        clientScore: a.score,
        backend: a.backend,
        durationMs: a.durationMs,
        source,
      })),
    )
    .returning({ id: attempts.id });
  progressChanged(userId);
  return rows.map((r) => r.id);
}

/** One round trip: the progress page is the API's busiest read. */
async function readProgress(db: Db, userId: string): Promise<ExerciseProgress[]> {
  const result = (await db.execute(sql`
    with s as (
      select exercise_id, max(score) as best, bool_or(passed) as passed,
        count(*)::int as submissions, max(id) as last_id
      from submissions where user_id = ${userId} group by exercise_id
    ), a as (
      select exercise_id, count(*)::int as runs
      from attempts where user_id = ${userId} group by exercise_id
    )
    select coalesce(s.exercise_id, a.exercise_id) as exercise_id, s.best, s.passed,
      s.submissions, a.runs, l.id as last_id, l.state as last_state, l.score as last_score,
      l.created_at as last_at
    from s full join a on a.exercise_id = s.exercise_id
    left join submissions l on l.id = s.last_id`)) as unknown as { rows: ProgressRow[] };
  const byExercise = new Map(result.rows.map((row) => [row.exercise_id, row]));
  return EXERCISES.map((exercise) => {
    const row = byExercise.get(exercise.id);
    return {
      id: exercise.id,
      chapter: exercise.chapter,
      bestScore: row?.best ?? null,
      passed: row?.passed ?? false,
      runs: row?.runs ?? 0,
      submissions: row?.submissions ?? 0,
      lastSubmission:
        row?.last_id != null
          ? {
              id: Number(row.last_id),
              state: row.last_state!,
              score: row.last_score,
              createdAt: new Date(row.last_at!).toISOString(),
            }
          : null,
    };
  });
}

/** One submission of the user's, or null (another user's is as absent as a missing one). */
export async function submissionOf(db: Db, userId: string, id: number) {
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, id), eq(submissions.userId, userId)));
  return row ? presentSubmission(row) : null;
}

export function presentSubmission(row: typeof submissions.$inferSelect) {
  return {
    id: row.id,
    exerciseId: row.exerciseId,
    state: row.state,
    passed: row.passed,
    score: row.score,
    checks: row.checks,
    diagnosis: row.diagnosis,
    error: row.error,
    seed: row.seed,
    graderVersion: row.graderVersion,
    gradingMs: row.gradingMs,
    createdAt: row.createdAt.toISOString(),
    gradedAt: row.gradedAt?.toISOString() ?? null,
    code: row.code,
  };
}
