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
