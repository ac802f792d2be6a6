import { z } from 'zod';
import { COUNTS, LATE_POLICIES } from '../../../db/schema.ts';
import { exerciseId } from '../schemas.ts';
import { isTimeZone } from './late.ts';

const instant = z.iso
  .datetime({ offset: true, message: 'an ISO 8601 time with its offset' })
  .transform((s) => new Date(s));

export const classBody = z.object({ name: z.string().trim().min(1).max(100) });
export const joinBody = z.object({ code: z.string().trim().min(4).max(20) });

export const assignmentBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    exerciseIds: z.array(exerciseId).min(1).max(50),
    opensAt: instant,
    dueAt: instant,
    timeZone: z.string().max(64).refine(isTimeZone, 'not an IANA time zone'),
    latePolicy: z.enum(LATE_POLICIES).default('none'),
    penaltyPerDay: z.number().min(0).max(1).default(0),
    cutoffAt: instant.nullable().default(null),
    maxAttempts: z.number().int().min(1).max(1000).nullable().default(null),
    counts: z.enum(COUNTS).default('best'),
  })
  .superRefine((a, ctx) => {
    if (a.dueAt <= a.opensAt)
      ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'must be after opensAt' });
    if (a.latePolicy === 'cutoff' && (!a.cutoffAt || a.cutoffAt < a.dueAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['cutoffAt'],
        message: 'the cutoff policy needs a cutoffAt at or after dueAt',
      });
    }
    if (a.latePolicy === 'per-day' && a.penaltyPerDay === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['penaltyPerDay'],
        message: 'the per-day policy needs a penalty above 0',
      });
    }
    if (new Set(a.exerciseIds).size !== a.exerciseIds.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['exerciseIds'],
        message: 'an exercise is listed twice',
      });
    }
  });
