// Which submission counts for homework, and for how much.
import { describe, expect, it } from 'vitest';
import { standingOf } from '../../src/server/homework/standing.ts';
import type { StandingRules, SubmissionForStanding } from '../../src/server/homework/standing.ts';

const rules = (overrides: Partial<StandingRules> = {}): StandingRules => ({
  opensAt: new Date('2026-03-01T00:00:00Z'),
  dueAt: new Date('2026-03-07T00:00:00Z'),
  timeZone: 'UTC',
  latePolicy: 'per-day',
  penaltyPerDay: 0.25,
  cutoffAt: null,
  maxAttempts: null,
  counts: 'best',
  ...overrides,
});

let nextId = 1;
const sub = (iso: string, score: number, state = 'graded'): SubmissionForStanding => ({
  id: nextId++,
  createdAt: new Date(iso),
  state,
  score: state === 'graded' ? score : null,
  passed: state === 'graded' ? score === 1 : null,
});

describe('standingOf', () => {
  it('is not started without submissions, and pending while the only one is queued', () => {
    expect(standingOf(rules(), [])).toMatchObject({
      status: 'not-started',
      score: null,
      attempts: 0,
    });
    expect(standingOf(rules(), [sub('2026-03-02T00:00:00Z', 0, 'queued')])).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
  });

  it('takes the best after penalties: an on-time 0.8 beats a 1.0 two days late', () => {
    const subs = [sub('2026-03-06T00:00:00Z', 0.8), sub('2026-03-08T12:00:00Z', 1)];
    const best = standingOf(rules(), subs);
    expect(best).toMatchObject({ status: 'failing', score: 0.8, late: false, attempts: 2 });
    const last = standingOf(rules({ counts: 'last' }), subs);
    expect(last).toMatchObject({ status: 'passed-late', late: true, rawScore: 1 });
    expect(last.score).toBeCloseTo(0.5, 12);
  });

  it('ignores submissions before the opening time and beyond the attempt cap', () => {
    const subs = [
      sub('2026-02-28T23:59:59Z', 1),
      sub('2026-03-02T00:00:00Z', 0.2),
      sub('2026-03-03T00:00:00Z', 0.4),
      sub('2026-03-04T00:00:00Z', 1),
    ];
    expect(standingOf(rules({ maxAttempts: 2 }), subs)).toMatchObject({ score: 0.4, attempts: 2 });
    expect(standingOf(rules(), subs)).toMatchObject({ status: 'passed', score: 1, attempts: 3 });
  });

  it('gives no credit after a cut-off, and counts a failed grading as zero', () => {
    const r = rules({ latePolicy: 'cutoff', cutoffAt: new Date('2026-03-08T00:00:00Z') });
    expect(standingOf(r, [sub('2026-03-08T00:00:01Z', 1)])).toMatchObject({
      status: 'not-started',
      score: null,
      attempts: 1,
    });
    expect(standingOf(r, [sub('2026-03-07T12:00:00Z', 1)])).toMatchObject({
      status: 'passed-late',
      score: 1,
    });
    expect(standingOf(r, [sub('2026-03-05T00:00:00Z', 0, 'failed')])).toMatchObject({
      status: 'failing',
      score: 0,
    });
  });
});
