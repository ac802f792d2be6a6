// Deadlines and late policies: whether a submission counts, whether it is late, and how much
// of its score it keeps. Days late are calendar days in the assignment's time zone, counted
// from the due time's wall-clock time, so a day that a DST change makes 23 or 25 hours long
// is still one day. The teacher's matrix makes the same count in SQL (standing-sql.ts); a
// test holds the two together.
import type { LatePolicy } from '../../../db/schema.ts';
import { isTimeZone, wallClock } from '../../lib/teach-time.ts';

export interface Deadline {
  opensAt: Date;
  dueAt: Date;
  timeZone: string;
  latePolicy: LatePolicy;
  /** Share of the score lost per started day late, for 'per-day'. */
  penaltyPerDay: number;
  /** After this, no credit, for 'cutoff'. */
  cutoffAt: Date | null;
}

export interface Credit {
  /** False before the opening time and after a cut-off: the submission is not homework. */
  counts: boolean;
  late: boolean;
  daysLate: number;
  /** What the score is multiplied by, 0..1. */
  factor: number;
}

// one reading of zones for the pages and the server
export { isTimeZone };

/** The instant whose wall clock in `zone` reads `wall` (a gap's time moves forward, as clocks do). */
function fromWallClock(wall: number, zone: string): number {
  let guess = wall;
  for (let i = 0; i < 3; i++) guess = wall - (wallClock(guess, zone) - guess);
  return guess;
}

/** `instant` plus `days` calendar days in `zone`, at the same wall-clock time. */
export function addDaysInZone(instant: Date, days: number, zone: string): Date {
  const wall = wallClock(instant.getTime(), zone) + days * 86_400_000;
  return new Date(fromWallClock(wall, zone));
}

/**
 * 0 when on time; else the number of days started since the due time, counted on the wall
 * clock of the zone (the same count the database makes for the teacher's matrix).
 */
export function daysLate(submittedAt: Date, dueAt: Date, zone: string): number {
  if (submittedAt.getTime() <= dueAt.getTime()) return 0;
  const wallDiff = wallClock(submittedAt.getTime(), zone) - wallClock(dueAt.getTime(), zone);
  // within the repeated hour of autumn the wall clock can run behind: still late, one day
  return Math.max(1, Math.ceil(wallDiff / 86_400_000));
}

export function credit(deadline: Deadline, submittedAt: Date): Credit {
  const time = submittedAt.getTime();
  if (time < deadline.opensAt.getTime())
    return { counts: false, late: false, daysLate: 0, factor: 0 };
  const days = daysLate(submittedAt, deadline.dueAt, deadline.timeZone);
  const late = days > 0;
  switch (deadline.latePolicy) {
    case 'none':
      return { counts: true, late, daysLate: days, factor: 1 };
    case 'per-day':
      return {
        counts: true,
        late,
        daysLate: days,
        factor: Math.max(0, 1 - deadline.penaltyPerDay * days),
      };
    case 'cutoff': {
      const after = deadline.cutoffAt !== null && time > deadline.cutoffAt.getTime();
      return { counts: !after, late, daysLate: days, factor: after ? 0 : 1 };
    }
  }
}
