// Classes, homework and what teachers see. Authorisation is decided here, once: a teacher
// reaches only their own classes (an admin any), a student only their own work.
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '../../../db/client.ts';
import {
  assignments,
  classMembers,
  classes,
  gradingJobs,
  gradings,
  regrades,
  submissions,
  users,
} from '../../../db/schema.ts';
import { EXERCISES } from '../../../graders/exercises/index.ts';
import { GRADER_VERSION } from '../../../graders/grading/grade.ts';
import { HttpError } from '../http.ts';
import type { SessionUser } from '../sessions.ts';
import { standingOf } from './standing.ts';
import {
  refreshForMember,
  refreshStandings,
  STANDINGS_VERSION,
  storedStandings,
} from './standings-table.ts';
import type { Standing, StandingRules } from './standing.ts';

export type ClassRow = typeof classes.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;

const notFound = (what: string) => new HttpError(404, 'not-found', `no such ${what}`);

export function newJoinCode(): string {
  const bytes = new Uint8Array(5);
  crypto.getRandomValues(bytes);
  return encodeBase32UpperCaseNoPadding(bytes); // 8 characters
}

export async function createClass(db: Db, teacher: SessionUser, name: string): Promise<ClassRow> {
  for (;;) {
    const [row] = await db
      .insert(classes)
      .values({ teacherId: teacher.id, name, joinCode: newJoinCode() })
      .onConflictDoNothing({ target: classes.joinCode })
      .returning();
    if (row) return row;
  }
}

/** A class the user teaches (or any, for an admin); a 404 otherwise, as if it did not exist. */
export async function taughtClass(db: Db, user: SessionUser, classId: number): Promise<ClassRow> {
  const [row] = await db.select().from(classes).where(eq(classes.id, classId));
  if (!row || (row.teacherId !== user.id && user.role !== 'admin')) throw notFound('class');
  return row;
}

export async function taughtAssignment(db: Db, user: SessionUser, assignmentId: number) {
  const [row] = await db.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (!row) throw notFound('assignment');
  const klass = await taughtClass(db, user, row.classId).catch(() => {
    throw notFound('assignment');
  });
  return { assignment: row, klass };
}

export async function joinClass(db: Db, user: SessionUser, code: string): Promise<ClassRow> {
  const [row] = await db
    .select()
    .from(classes)
    .where(eq(classes.joinCode, code.trim().toUpperCase()));
  if (!row) throw new HttpError(404, 'bad-join-code', 'no class has this code');
  if (row.teacherId === user.id) throw new HttpError(409, 'own-class', 'you teach this class');
  await db.transaction(async (tx) => {
    const joined = await tx
      .insert(classMembers)
      .values({ classId: row.id, userId: user.id })
      .onConflictDoNothing()
      .returning({ userId: classMembers.userId });
    // their submissions since an assignment opened count for it from now on
    if (joined.length > 0) await refreshForMember(tx, row.id, user.id);
  });
  return row;
}

export async function classesOf(db: Db, user: SessionUser) {
  const teaching =
    user.role === 'learner'
      ? []
      : await db
          .select()
          .from(classes)
          .where(eq(classes.teacherId, user.id))
          .orderBy(asc(classes.id));
  const joined = await db
    .select({ id: classes.id, name: classes.name, teacher: users.name })
    .from(classMembers)
    .innerJoin(classes, eq(classes.id, classMembers.classId))
    .innerJoin(users, eq(users.id, classes.teacherId))
    .where(eq(classMembers.userId, user.id))
    .orderBy(asc(classes.id));
  return { teaching, joined };
}

export async function members(db: Db, classId: number) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, joinedAt: classMembers.joinedAt })
    .from(classMembers)
    .innerJoin(users, eq(users.id, classMembers.userId))
    .where(eq(classMembers.classId, classId))
    .orderBy(asc(users.name), asc(users.email));
}

export async function removeMember(db: Db, classId: number, userId: string): Promise<void> {
  const removed = await db.transaction(async (tx) => {
    const rows = await tx
      .delete(classMembers)
      .where(and(eq(classMembers.classId, classId), eq(classMembers.userId, userId)))
      .returning({ userId: classMembers.userId });
    // their cells go (a student who joins again has them recomputed)
    if (rows.length > 0) await refreshForMember(tx, classId, userId);
    return rows.length;
  });
  if (removed === 0) throw notFound('student in this class');
}

export interface NewAssignment {
  title: string;
  exerciseIds: string[];
  opensAt: Date;
  dueAt: Date;
  timeZone: string;
  latePolicy: 'none' | 'per-day' | 'cutoff';
  penaltyPerDay: number;
  cutoffAt: Date | null;
  maxAttempts: number | null;
  counts: 'best' | 'last';
}

export async function createAssignment(db: Db, classId: number, input: NewAssignment) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assignments)
      .values({ ...input, classId, standingsVersion: STANDINGS_VERSION })
      .returning();
    // the class may have submitted these exercises since the opening time already
    await refreshStandings(tx, row!);
    return row!;
  });
}

/** An assignment as the API shows it: without the bookkeeping of its stored standings. */
export function presentAssignment(a: AssignmentRow): Omit<AssignmentRow, 'standingsVersion'> {
  const { standingsVersion: _, ...shown } = a;
  return shown;
}

export function rulesOf(a: AssignmentRow): StandingRules {
  return {
    opensAt: a.opensAt,
    dueAt: a.dueAt,
    timeZone: a.timeZone,
    latePolicy: a.latePolicy,
    penaltyPerDay: a.penaltyPerDay,
    cutoffAt: a.cutoffAt,
    maxAttempts: a.maxAttempts,
    counts: a.counts,
  };
}

/** Submissions for an assignment's exercises by the given students since it opened. */
async function homeworkSubmissions(db: Db, a: AssignmentRow, studentIds: string[]) {
  if (studentIds.length === 0 || a.exerciseIds.length === 0) return [];
  return db
    .select({
      id: submissions.id,
      userId: submissions.userId,
      exerciseId: submissions.exerciseId,
      createdAt: submissions.createdAt,
      state: submissions.state,
      score: submissions.score,
      passed: submissions.passed,
      diagnosis: submissions.diagnosis,
    })
    .from(submissions)
    .where(
      and(
        inArray(submissions.userId, studentIds),
        inArray(submissions.exerciseId, a.exerciseIds),
        gte(submissions.createdAt, a.opensAt),
      ),
    )
    .orderBy(asc(submissions.id));
}

export interface StudentRow {
  student: { id: string; name: string; email: string };
  cells: Record<string, Standing>;
  /** Mean of the exercises' counted scores, 0..1. */
  score: number;
  late: boolean;
  submittedAt: Date | null;
  attempts: number;
}

const NOT_STARTED: Standing = {
  status: 'not-started',
  score: null,
  rawScore: null,
  late: false,
  submittedAt: null,
  attempts: 0,
  countedId: null,
};

/** The class × exercise matrix of one assignment, a row per student. */
export async function assignmentMatrix(db: Db, a: AssignmentRow): Promise<StudentRow[]> {
  const [roster, standings] = await Promise.all([members(db, a.classId), storedStandings(db, a)]);
  return roster.map((m) => {
    const cells: Record<string, Standing> = {};
    let total = 0;
    let late = false;
    let attempts = 0;
    let submittedAt: Date | null = null;
    const mine = standings.get(m.id);
    for (const exerciseId of a.exerciseIds) {
      const standing = mine?.get(exerciseId)?.standing ?? NOT_STARTED;
      cells[exerciseId] = standing;
      total += standing.score ?? 0;
      late ||= standing.late;
      attempts += standing.attempts;
      if (standing.submittedAt && (!submittedAt || standing.submittedAt > submittedAt)) {
        submittedAt = standing.submittedAt;
      }
    }
    return {
      student: { id: m.id, name: m.name, email: m.email },
      cells,
      score: a.exerciseIds.length ? total / a.exerciseIds.length : 0,
      late,
      submittedAt,
      attempts,
    };
  });
}

/**
 * Per exercise: pass rate, attempts until passing, the diagnosed mistakes; and who is stuck.
 * From the stored cells (a large class has 100,000 submissions and more; it has a few
 * thousand cells).
 */
export async function assignmentStats(db: Db, a: AssignmentRow) {
  const [roster, cells] = await Promise.all([members(db, a.classId), storedStandings(db, a)]);
  const names = new Map(roster.map((m) => [m.id, m.name]));
  const exercises = a.exerciseIds.map((exerciseId) => {
    // a student whose submissions of it are all still queued has not started it
    const started = [...cells].flatMap(([userId, byExercise]) => {
      const cell = byExercise.get(exerciseId);
      return cell && cell.graded > 0 ? [{ userId, cell }] : [];
    });
    const untilPass = started
      .map(({ cell }) => cell.untilPass)
      .filter((n): n is number => n !== null && n > 0)
      .sort((x, y) => x - y);
    const stuck = started
      .filter(({ cell }) => !cell.untilPass && cell.graded >= STUCK_AFTER)
      .map(({ userId, cell }) => ({
        id: userId,
        name: names.get(userId) ?? '',
        failed: cell.graded,
      }));
    const counts = new Map<string, number>();
    for (const { cell } of started) {
      for (const [mistake, n] of Object.entries(cell.mistakes)) {
        counts.set(mistake, (counts.get(mistake) ?? 0) + n);
      }
    }
    const catalogue = EXERCISES.find((e) => e.id === exerciseId);
    const mistakes = [...counts]
      .map(([mistake, count]) => ({
        mistake,
        title: catalogue?.mistakes.find((m) => m.id === mistake)?.title ?? {
          zh: mistake,
          en: mistake,
        },
        count,
      }))
      .sort((x, y) => y.count - x.count || x.mistake.localeCompare(y.mistake));
    return {
      exerciseId,
      students: roster.length,
      started: started.length,
      passed: untilPass.length,
      passRate: roster.length ? untilPass.length / roster.length : 0,
      attemptsUntilPass: untilPass.length
        ? {
            median: untilPass[Math.floor((untilPass.length - 1) / 2)]!,
            mean: untilPass.reduce((x, y) => x + y, 0) / untilPass.length,
          }
        : null,
      mistakes,
      stuck,
    };
  });
  return { exercises };
}

/** Failed attempts without a pass after which a student counts as stuck on an exercise. */
export const STUCK_AFTER = 3;

/** A student's submissions of one exercise, with every grading (the teacher's cell view). */
export async function submissionHistory(
  db: Db,
  classId: number,
  studentId: string,
  exerciseId: string,
) {
  const [member] = await db
    .select()
    .from(classMembers)
    .where(and(eq(classMembers.classId, classId), eq(classMembers.userId, studentId)));
  if (!member) throw notFound('student in this class');
  const rows = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.userId, studentId), eq(submissions.exerciseId, exerciseId)))
    .orderBy(asc(submissions.id));
  const history = rows.length
    ? await db
        .select()
        .from(gradings)
        .where(
          inArray(
            gradings.submissionId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(gradings.id))
    : [];
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    state: r.state,
    passed: r.passed,
    score: r.score,
    checks: r.checks,
    diagnosis: r.diagnosis,
    error: r.error,
    seed: r.seed,
    graderVersion: r.graderVersion,
    code: r.code,
    gradings: history.filter((g) => g.submissionId === r.id),
  }));
}

/** Queues every submission of the assignment again; answers the regrade and its size. */
export async function regradeAssignment(db: Db, user: SessionUser, a: AssignmentRow) {
  const roster = await members(db, a.classId);
  const subs = await homeworkSubmissions(
    db,
    a,
    roster.map((m) => m.id),
  );
  return db.transaction(async (tx) => {
    const [regrade] = await tx
      .insert(regrades)
      .values({
        assignmentId: a.id,
        requestedBy: user.id,
        graderVersion: GRADER_VERSION,
        submissions: subs.length,
      })
      .returning();
    if (subs.length > 0) {
      await tx
        .insert(gradingJobs)
        .values(subs.map((s) => ({ submissionId: s.id, regradeId: regrade!.id })));
    }
    return regrade!;
  });
}

/** What a regrade changed: each submission's score before and after. */
export async function regradeChanges(db: Db, regradeId: number) {
  const [regrade] = await db.select().from(regrades).where(eq(regrades.id, regradeId));
  if (!regrade) throw notFound('regrade');
  const pending = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(gradingJobs)
    .where(
      and(eq(gradingJobs.regradeId, regradeId), inArray(gradingJobs.state, ['queued', 'running'])),
    );
  const after = await db
    .select({
      submissionId: gradings.submissionId,
      id: gradings.id,
      score: gradings.score,
      passed: gradings.passed,
      graderVersion: gradings.graderVersion,
      exerciseId: submissions.exerciseId,
      student: users.name,
      email: users.email,
    })
    .from(gradings)
    .innerJoin(submissions, eq(submissions.id, gradings.submissionId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(eq(gradings.regradeId, regradeId))
    .orderBy(asc(gradings.submissionId));
  const changes = [];
  for (const row of after) {
    // the grading just before this one is the old score
    const [before] = await db
      .select({
        score: gradings.score,
        passed: gradings.passed,
        graderVersion: gradings.graderVersion,
      })
      .from(gradings)
      .where(and(eq(gradings.submissionId, row.submissionId), sql`${gradings.id} < ${row.id}`))
      .orderBy(sql`${gradings.id} desc`)
      .limit(1);
    changes.push({
      submissionId: row.submissionId,
      exerciseId: row.exerciseId,
      student: row.student,
      email: row.email,
      before: before ?? null,
      after: { score: row.score, passed: row.passed, graderVersion: row.graderVersion },
      changed: !before || before.score !== row.score || before.passed !== row.passed,
    });
  }
  return { regrade, pending: pending[0]?.n ?? 0, changes };
}

/** Assignments of the classes a student is in, with their standing. */
export async function myAssignments(db: Db, user: SessionUser) {
  const rows = await db
    .select({ assignment: assignments, className: classes.name })
    .from(classMembers)
    .innerJoin(assignments, eq(assignments.classId, classMembers.classId))
    .innerJoin(classes, eq(classes.id, classMembers.classId))
    .where(eq(classMembers.userId, user.id))
    .orderBy(asc(assignments.dueAt));
  const out = [];
  for (const { assignment: a, className } of rows) {
    const subs = await homeworkSubmissions(db, a, [user.id]);
    const rules = rulesOf(a);
    const exercises = a.exerciseIds.map((exerciseId) => ({
      exerciseId,
      ...standingOf(
        rules,
        subs.filter((s) => s.exerciseId === exerciseId),
      ),
    }));
    out.push({
      id: a.id,
      className,
      title: a.title,
      opensAt: a.opensAt,
      dueAt: a.dueAt,
      timeZone: a.timeZone,
      latePolicy: a.latePolicy,
      penaltyPerDay: a.penaltyPerDay,
      cutoffAt: a.cutoffAt,
      maxAttempts: a.maxAttempts,
      counts: a.counts,
      exercises,
      score: exercises.reduce((t, e) => t + (e.score ?? 0), 0) / Math.max(1, exercises.length),
    });
  }
  return out;
}

/**
 * The open assignment whose attempt cap this submission would pass, if any: the student has
 * used every attempt an open homework allows for this exercise.
 */
export async function attemptCapReached(db: Db, userId: string, exerciseId: string) {
  const now = new Date();
  const rows = await db
    .select({ assignment: assignments })
    .from(classMembers)
    .innerJoin(assignments, eq(assignments.classId, classMembers.classId))
    .where(and(eq(classMembers.userId, userId), sql`${assignments.maxAttempts} is not null`));
  for (const { assignment: a } of rows) {
    if (!a.exerciseIds.includes(exerciseId) || now < a.opensAt) continue;
    if (a.cutoffAt && now > a.cutoffAt) continue;
    const [used] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(submissions)
      .where(
        and(
          eq(submissions.userId, userId),
          eq(submissions.exerciseId, exerciseId),
          gte(submissions.createdAt, a.opensAt),
        ),
      );
    if ((used?.n ?? 0) >= a.maxAttempts!) return a;
  }
  return null;
}

export const EXERCISE_IDS = new Set(EXERCISES.map((e) => e.id));

/** Everything a student of the class handed in for its homework, in time order. */
export async function studentTimeline(db: Db, classId: number, studentId: string) {
  const [member] = await db
    .select({ name: users.name, email: users.email, joinedAt: classMembers.joinedAt })
    .from(classMembers)
    .innerJoin(users, eq(users.id, classMembers.userId))
    .where(and(eq(classMembers.classId, classId), eq(classMembers.userId, studentId)));
  if (!member) throw notFound('student in this class');
  const homework = await db.select().from(assignments).where(eq(assignments.classId, classId));
  const exerciseIds = [...new Set(homework.flatMap((a) => a.exerciseIds))];
  const rows = exerciseIds.length
    ? await db
        .select({
          id: submissions.id,
          exerciseId: submissions.exerciseId,
          createdAt: submissions.createdAt,
          state: submissions.state,
          passed: submissions.passed,
          score: submissions.score,
          diagnosis: submissions.diagnosis,
        })
        .from(submissions)
        .where(and(eq(submissions.userId, studentId), inArray(submissions.exerciseId, exerciseIds)))
        .orderBy(asc(submissions.id))
    : [];
  return {
    student: { id: studentId, ...member },
    events: rows.map((r) => ({
      ...r,
      // late for every assignment of the class that holds the exercise and was due before
      lateFor: homework
        .filter(
          (a) =>
            a.exerciseIds.includes(r.exerciseId) &&
            r.createdAt > a.dueAt &&
            r.createdAt >= a.opensAt,
        )
        .map((a) => a.id),
    })),
  };
}
