// The one PostgreSQL schema, for PGlite (embedded) and for a PostgreSQL server alike.
// Migrations in db/migrations are generated from this file by drizzle-kit
// (`npm run db:generate`) and applied when the server or a worker starts.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const ROLES = ['learner', 'teacher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Lower-cased and trimmed; the unique index is on this form. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** argon2id, PHC string. */
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('learner'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check('users_role_check', sql`${t.role} in ('learner', 'teacher', 'admin')`),
  ],
);

/** Browser sessions: the row's id is the SHA-256 of the token, never the token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal API tokens for the CLI: also stored only as their SHA-256. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the token, to tell tokens apart in a list. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/** Failed sign-ins, for rate limiting per account and per address across servers. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** 'email:<address>' or 'ip:<address>'. */
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_key_at_idx').on(t.key, t.at)],
);

/** A run in the browser: statistics only, never a score. */
export const attempts = pgTable(
  'attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    exerciseId: text('exercise_id').notNull(),
    /** What the browser said; recorded, never believed. */
    clientPassed: boolean('client_passed').notNull(),
    clientScore: doublePrecision('client_score').notNull(),
    backend: text('backend').notNull(),
    durationMs: integer('duration_ms'),
    /** 'browser' for a run, 'merged' for progress made before signing in. */
    source: text('source').notNull().default('browser'),
    createdAt: createdAt(),
  },
  (t) => [index('attempts_user_exercise_idx').on(t.userId, t.exerciseId)],
);

export const SUBMISSION_STATES = ['queued', 'graded', 'failed'] as const;

/** Code sent for the record; graded by the server in the sandbox. */
export const submissions = pgTable(
  'submissions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    exerciseId: text('exercise_id').notNull(),
    code: text('code').notNull(),
    state: text('state', { enum: SUBMISSION_STATES }).notNull().default('queued'),
    passed: boolean('passed'),
    score: doublePrecision('score'),
    /** CheckResult[] of the verdict. */
    checks: jsonb('checks'),
    /** Diagnosis | null of the verdict. */
    diagnosis: jsonb('diagnosis'),
    /** GradingError | null of the verdict. */
    error: jsonb('error'),
    seed: bigint('seed', { mode: 'number' }),
    graderVersion: text('grader_version'),
    gradingMs: integer('grading_ms'),
    createdAt: createdAt(),
    gradedAt: timestamp('graded_at', { withTimezone: true }),
  },
  (t) => [
    index('submissions_user_exercise_idx').on(t.userId, t.exerciseId),
    check('submissions_state_check', sql`${t.state} in ('queued', 'graded', 'failed')`),
  ],
);

/**
 * The grading queue. A job is inserted in the same transaction as its submission, so an
 * acknowledged submission always has one. Workers claim jobs with FOR UPDATE SKIP LOCKED
 * and a lease; a job whose lease ran out (its worker died) is claimed again.
 */
export const gradingJobs = pgTable(
  'grading_jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    submissionId: bigint('submission_id', { mode: 'number' })
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('queued'),
    /** Set when the job is part of a teacher's regrade. */
    regradeId: bigint('regrade_id', { mode: 'number' }),
    tries: integer('tries').notNull().default(0),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('grading_jobs_claim_idx').on(t.state, t.id),
    index('grading_jobs_submission_idx').on(t.submissionId),
  ],
);

// ---- classes and homework (teachers) ----

export const LATE_POLICIES = ['none', 'per-day', 'cutoff'] as const;
export type LatePolicy = (typeof LATE_POLICIES)[number];
export const COUNTS = ['best', 'last'] as const;

export const classes = pgTable(
  'classes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teacherId: text('teacher_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** What students type (or follow as a link) to join. */
    joinCode: text('join_code').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('classes_join_code_key').on(t.joinCode),
    index('classes_teacher_idx').on(t.teacherId),
  ],
);

export const classMembers = pgTable(
  'class_members',
  {
    classId: bigint('class_id', { mode: 'number' })
      .notNull()
      .references(() => classes.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.userId] }),
    index('class_members_user_idx').on(t.userId),
  ],
);

export const assignments = pgTable(
  'assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    classId: bigint('class_id', { mode: 'number' })
      .notNull()
      .references(() => classes.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** IANA zone the teacher set the times in: late days are counted in its calendar. */
    timeZone: text('time_zone').notNull(),
    latePolicy: text('late_policy', { enum: LATE_POLICIES }).notNull().default('none'),
    /** Share of the score lost per started day late (per-day policy), 0..1. */
    penaltyPerDay: doublePrecision('penalty_per_day').notNull().default(0),
    /** No credit for submissions after this (cutoff policy). */
    cutoffAt: timestamp('cutoff_at', { withTimezone: true }),
    maxAttempts: integer('max_attempts'),
    counts: text('counts', { enum: COUNTS }).notNull().default('best'),
    exerciseIds: jsonb('exercise_ids').$type<string[]>().notNull(),
    /** The rules' version its stored standings were computed with (0: never). */
    standingsVersion: integer('standings_version').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('assignments_class_idx').on(t.classId)],
);

export const STANDING_STATUSES = [
  'not-started',
  'pending',
  'failing',
  'passed',
  'passed-late',
] as const;

/**
 * Each student's standing on each exercise of an assignment, kept as submissions are made and
 * graded (src/server/homework/standings-table.ts), so the teacher's matrix and statistics read
 * a class's few thousand cells, not its 100,000 submissions. A row exists once the student has
 * submitted the exercise after the assignment opened; rows are derived, never the record: the
 * submissions are, and a full refresh recomputes them from there. Submissions changed by hand
 * (in SQL, not by the server) leave the cells stale: set `standings_version = 0` on the
 * assignments concerned and the next server start recomputes them.
 */
export const assignmentStandings = pgTable(
  'assignment_standings',
  {
    assignmentId: bigint('assignment_id', { mode: 'number' })
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    exerciseId: text('exercise_id').notNull(),
    status: text('status', { enum: STANDING_STATUSES }).notNull(),
    /** The counted score after the late penalty, 0..1; null when nothing counts yet. */
    score: doublePrecision('score'),
    rawScore: doublePrecision('raw_score'),
    late: boolean('late').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** Submissions within the attempt cap. */
    attempts: integer('attempts').notNull(),
    countedId: bigint('counted_id', { mode: 'number' }),
    /** For the statistics: graded (or failed) submissions, cap or not. */
    graded: integer('graded').notNull(),
    /** Graded submissions up to and including the first pass; null before a pass. */
    untilPass: integer('until_pass'),
    /** Diagnosed mistakes of the failed gradings: { mistake id: count }. */
    mistakes: jsonb('mistakes').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.userId, t.exerciseId] })],
);

/**
 * Every grading of a submission, first and regrades: the submission row holds the latest,
 * this table keeps them all, so a regrade never loses a score.
 */
export const gradings = pgTable(
  'gradings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    submissionId: bigint('submission_id', { mode: 'number' })
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    regradeId: bigint('regrade_id', { mode: 'number' }).references(() => regrades.id, {
      onDelete: 'set null',
    }),
    passed: boolean('passed'),
    score: doublePrecision('score'),
    checks: jsonb('checks'),
    diagnosis: jsonb('diagnosis'),
    error: jsonb('error'),
    seed: bigint('seed', { mode: 'number' }),
    graderVersion: text('grader_version'),
    gradedAt: timestamp('graded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('gradings_submission_idx').on(t.submissionId),
    index('gradings_regrade_idx').on(t.regradeId),
  ],
);

export const regrades = pgTable('regrades', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  assignmentId: bigint('assignment_id', { mode: 'number' })
    .notNull()
    .references(() => assignments.id, { onDelete: 'cascade' }),
  requestedBy: text('requested_by')
    .notNull()
    .references(() => users.id),
  graderVersion: text('grader_version').notNull(),
  submissions: integer('submissions').notNull(),
  createdAt: createdAt(),
});
