// A learner's standing per exercise: the best server score (the only score that counts),
// browser runs (statistics), and the last submission.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { attempts, submissions } from '../../db/schema.ts';
import { EXERCISES } from '../../graders/exercises/index.ts';

export interface ExerciseProgress {
  id: string;
  chapter: string;
  bestScore: number | null;
  passed: boolean;
  runs: number;
  submissions: number;
  lastSubmission: { id: number; state: string; score: number | null; createdAt: string } | null;
}

export async function progressOf(db: Db, userId: string): Promise<ExerciseProgress[]> {
  const [graded, runs, last] = await Promise.all([
    db
      .select({
        exerciseId: submissions.exerciseId,
        best: sql<number | null>`max(${submissions.score})`,
        passed: sql<boolean>`coalesce(bool_or(${submissions.passed}), false)`,
        count: sql<number>`count(*)::int`,
      })
      .from(submissions)
      .where(eq(submissions.userId, userId))
      .groupBy(submissions.exerciseId),
    db
      .select({ exerciseId: attempts.exerciseId, count: sql<number>`count(*)::int` })
      .from(attempts)
      .where(eq(attempts.userId, userId))
      .groupBy(attempts.exerciseId),
    db
      .selectDistinctOn([submissions.exerciseId], {
        exerciseId: submissions.exerciseId,
        id: submissions.id,
        state: submissions.state,
        score: submissions.score,
        createdAt: submissions.createdAt,
      })
      .from(submissions)
      .where(eq(submissions.userId, userId))
      .orderBy(submissions.exerciseId, desc(submissions.id)),
  ]);
  const gradedBy = new Map(graded.map((row) => [row.exerciseId, row]));
  const runsBy = new Map(runs.map((row) => [row.exerciseId, row.count]));
  const lastBy = new Map(last.map((row) => [row.exerciseId, row]));
  return EXERCISES.map((exercise) => {
    const g = gradedBy.get(exercise.id);
    const l = lastBy.get(exercise.id);
    return {
      id: exercise.id,
      chapter: exercise.chapter,
      bestScore: g?.best ?? null,
      passed: g?.passed ?? false,
      runs: runsBy.get(exercise.id) ?? 0,
      submissions: g?.count ?? 0,
      lastSubmission: l
        ? { id: l.id, state: l.state, score: l.score, createdAt: l.createdAt.toISOString() }
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
