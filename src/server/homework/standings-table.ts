// The stored standings (db/schema.ts: assignment_standings), kept up to date in the same
// transaction as every write they depend on:
// - a submission made, graded or given up (queue.ts): that student's cell of that exercise,
//   in each assignment of each class they are in that has the exercise;
// - an assignment created: all of its cells (a class may have submitted before);
// - a student joining a class: their cells in its assignments; leaving: theirs go.
// Each refresh recomputes its cells from the submissions with the query of standing-sql.ts,
// under a per-assignment advisory lock taken after the transaction's own write: a refresh
// that starts later waits, then sees every write committed before it, so two gradings landing
// at once (two workers on PostgreSQL) cannot leave a cell computed without the other.
// Assignments whose cells were computed by older rules (standings_version) are recomputed at
// start; bump STANDINGS_VERSION when the rules change.
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { assignmentStandings, assignments, classMembers } from '../../../db/schema.ts';
import type { AssignmentRow } from './service.ts';
import type { Standing, Status } from './standing.ts';
import { standingsQuery } from './standing-sql.ts';
import type { Scope } from './standing-sql.ts';

/** The version of the standing rules the stored cells follow. */
export const STANDINGS_VERSION = 1;

/** A transaction (or the database, for a caller that opens none). */
export type Executor = Pick<Db, 'execute' | 'select' | 'delete' | 'update'>;

// the advisory lock's first key: any constant the other locks (migrations) do not use
const LOCK_SPACE = 0x61746c62;

/** Recomputes the assignment's cells in `scope` (all of them by default). Call inside a transaction. */
export async function refreshStandings(tx: Executor, a: AssignmentRow, scope: Scope = {}) {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${a.id % 2_147_483_647}::int)`);
  const where = [eq(assignmentStandings.assignmentId, a.id)];
  if (scope.userId !== undefined) where.push(eq(assignmentStandings.userId, scope.userId));
  if (scope.exerciseId !== undefined)
    where.push(eq(assignmentStandings.exerciseId, scope.exerciseId));
  await tx.delete(assignmentStandings).where(and(...where));
  if (a.exerciseIds.length === 0) return;
  if (scope.exerciseId !== undefined && !a.exerciseIds.includes(scope.exerciseId)) return;
  if (scope.userId === undefined) await tx.execute(sql`set local work_mem = '64MB'`);
  await tx.execute(sql`
    insert into assignment_standings (assignment_id, user_id, exercise_id, status, score,
      raw_score, late, submitted_at, attempts, counted_id, graded, until_pass, mistakes)
    select ${a.id}, q.user_id, q.exercise_id, q.status, q.value, q.counted_score,
      coalesce(q.counted_late, false), q.counted_at, q.attempts, q.counted_id, q.graded,
      q.until_pass, q.mistakes
    from (${standingsQuery(a, scope)}) q`);
}

/** After a submission of `userId`'s on `exerciseId` is made or graded: its cells. */
export async function refreshForSubmission(tx: Executor, userId: string, exerciseId: string) {
  const affected = await tx
    .select({ assignment: assignments })
    .from(assignments)
    .innerJoin(classMembers, eq(classMembers.classId, assignments.classId))
    .where(
      and(
        eq(classMembers.userId, userId),
        sql`${assignments.exerciseIds} @> jsonb_build_array(${exerciseId}::text)`,
      ),
    )
    // one order for every transaction's locks, so two cannot wait on each other
    .orderBy(assignments.id);
  for (const { assignment } of affected) {
    await refreshStandings(tx, assignment, { userId, exerciseId });
  }
}

/** After `userId` joined (or left) class `classId`: their cells in its assignments. */
export async function refreshForMember(tx: Executor, classId: number, userId: string) {
  const rows = await tx
    .select()
    .from(assignments)
    .where(eq(assignments.classId, classId))
    .orderBy(assignments.id);
  for (const a of rows) await refreshStandings(tx, a, { userId });
}

/** Recomputes every assignment whose cells are missing or older than STANDINGS_VERSION. */
export async function refreshStaleStandings(db: Db): Promise<number> {
  const stale = await db
    .select({ id: assignments.id })
    .from(assignments)
    .where(lt(assignments.standingsVersion, STANDINGS_VERSION))
    .orderBy(assignments.id);
  for (const { id } of stale) {
    await db.transaction(async (tx) => {
      const [a] = await tx.select().from(assignments).where(eq(assignments.id, id));
      if (!a || a.standingsVersion >= STANDINGS_VERSION) return;
      await refreshStandings(tx, a);
      await tx
        .update(assignments)
        .set({ standingsVersion: STANDINGS_VERSION })
        .where(eq(assignments.id, id));
    });
  }
  return stale.length;
}

export interface StoredCell {
  standing: Standing;
  graded: number;
  untilPass: number | null;
  mistakes: Record<string, number>;
}

/** The stored cells of the assignment's current students, keyed by student, then exercise. */
export async function storedStandings(
  db: Db,
  a: AssignmentRow,
): Promise<Map<string, Map<string, StoredCell>>> {
  const out = new Map<string, Map<string, StoredCell>>();
  if (a.exerciseIds.length === 0) return out;
  // one JSON text for the whole class: PGlite hands over 5,400 rows × 12 columns in ~70 ms
  // (and a mapping query builder in ~190), one value in under 30. Only the assignment's
  // exercises have cells (assignments do not change); no filter on them, which PGlite's
  // planner (no autovacuum, so no statistics) turned into a 1.6-million-row nested loop
  const result = (await db.execute(sql`
    select coalesce(json_agg(json_build_array(st.user_id, st.exercise_id, st.status, st.score,
      st.raw_score, st.late, st.submitted_at, st.attempts, st.counted_id, st.graded,
      st.until_pass, st.mistakes)), '[]')::text as cells
    from assignment_standings st
    join class_members m on m.class_id = ${a.classId} and m.user_id = st.user_id
    where st.assignment_id = ${a.id}`)) as unknown as {
    rows: [{ cells: string }];
  };
  type Cell = [
    string,
    string,
    Status,
    number | null,
    number | null,
    boolean,
    string | null,
    number,
    number | null,
    number,
    number | null,
    Record<string, number>,
  ];
  for (const c of JSON.parse(result.rows[0].cells) as Cell[]) {
    const [userId, exerciseId, status, score, rawScore, late, submittedAt, ...rest] = c;
    const [attempts, countedId, graded, untilPass, mistakes] = rest;
    let byExercise = out.get(userId);
    if (!byExercise) out.set(userId, (byExercise = new Map()));
    // stored as the standings query answers them: null where nothing counts yet
    const standing: Standing = {
      status,
      score,
      rawScore,
      late,
      submittedAt: submittedAt === null ? null : new Date(submittedAt),
      attempts,
      countedId,
    };
    byExercise.set(exerciseId, { standing, graded, untilPass, mistakes });
  }
  return out;
}
