// A student's standing on one exercise of an assignment, from their submissions: which
// submissions count (opening time, cut-off, attempt cap), the late penalty, and whether the
// best or the last one counts. Pure: the same arithmetic for the matrix, the CSV and the
// student's own view.
import { credit } from './late.ts';
import type { Deadline } from './late.ts';
import type { STANDING_STATUSES } from '../../../db/schema.ts';

export interface SubmissionForStanding {
  id: number;
  createdAt: Date;
  state: string;
  score: number | null;
  passed: boolean | null;
}

export interface StandingRules extends Deadline {
  maxAttempts: number | null;
  counts: 'best' | 'last';
}

export type Status = (typeof STANDING_STATUSES)[number];

export interface Standing {
  status: Status;
  /** The counted score after the late penalty, 0..1; null when nothing counts yet. */
  score: number | null;
  /** The counted submission's raw score, before any penalty. */
  rawScore: number | null;
  late: boolean;
  submittedAt: Date | null;
  /** Submissions for this homework (after it opened, within the attempt cap). */
  attempts: number;
  countedId: number | null;
}

/** `submissions` in the order they were made. */
export function standingOf(rules: StandingRules, submissions: SubmissionForStanding[]): Standing {
  const inWindow = submissions.filter((s) => s.createdAt.getTime() >= rules.opensAt.getTime());
  const capped = rules.maxAttempts === null ? inWindow : inWindow.slice(0, rules.maxAttempts);
  let counted: { s: SubmissionForStanding; value: number; late: boolean } | null = null;
  let pending = false;
  for (const s of capped) {
    if (s.state === 'queued') {
      pending = true;
      continue;
    }
    const c = credit(rules, s.createdAt);
    if (!c.counts) continue;
    const value = (s.state === 'graded' ? (s.score ?? 0) : 0) * c.factor;
    const candidate = { s, value, late: c.late };
    if (rules.counts === 'last' || counted === null || value > counted.value) counted = candidate;
  }
  let status: Status = 'not-started';
  if (counted) {
    status = counted.s.passed ? (counted.late ? 'passed-late' : 'passed') : 'failing';
  }
  if (pending && status !== 'passed') status = status === 'not-started' ? 'pending' : status;
  return {
    status,
    score: counted?.value ?? null,
    rawScore: counted?.s.score ?? null,
    late: counted?.late ?? false,
    submittedAt: counted?.s.createdAt ?? null,
    attempts: capped.length,
    countedId: counted?.s.id ?? null,
  };
}
