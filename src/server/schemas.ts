// The API's request bodies, validated with zod. docs/api.md documents the same shapes.
import { z } from 'zod';
import { findExercise } from '../../graders/exercises/index.ts';
import { ROLES } from '../../db/schema.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';

/** Code sent for grading: at most 64 KB of UTF-8. */
export const MAX_CODE_BYTES = 64 * 1024;

const email = z.string().trim().toLowerCase().max(254).email('not an email address');
const password = z.string().min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX);
export const exerciseId = z
  .string()
  .max(100)
  .refine((id) => findExercise(id) !== undefined, 'no such exercise');

export const signUpBody = z.object({
  email,
  name: z.string().trim().min(1, 'a name is needed').max(100),
  password,
});

export const signInBody = z.object({ email, password: z.string().max(PASSWORD_MAX) });

export const passwordBody = z.object({ current: z.string().max(PASSWORD_MAX), next: password });

export const attemptBody = z.object({
  exerciseId,
  passed: z.boolean(),
  score: z.number().min(0).max(1),
  backend: z.string().max(20),
  durationMs: z.number().int().min(0).max(3_600_000).optional(),
});

export const mergeBody = z.object({
  attempts: z.array(attemptBody).max(500),
});

export const submissionBody = z.object({
  exerciseId,
  code: z
    .string()
    .refine((code) => new TextEncoder().encode(code).byteLength <= MAX_CODE_BYTES, {
      message: `the code may have at most ${MAX_CODE_BYTES / 1024} KB`,
    }),
});

export const tokenBody = z.object({ name: z.string().trim().min(1).max(100) });

export const roleBody = z.object({ role: z.enum(ROLES) });
