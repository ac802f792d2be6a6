// Late policy arithmetic at its edges: a second either side of the due time and of a cut-off,
// and days late across daylight-saving changes in the assignment's zone.
import { describe, expect, it } from 'vitest';
import { addDaysInZone, credit, daysLate } from '../../src/server/homework/late.ts';
import type { Deadline } from '../../src/server/homework/late.ts';

const SECOND = 1000;
const at = (iso: string) => new Date(iso);
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

function deadline(overrides: Partial<Deadline> = {}): Deadline {
  return {
    opensAt: at('2026-03-01T00:00:00Z'),
    dueAt: at('2026-03-07T23:59:00Z'),
    timeZone: 'UTC',
    latePolicy: 'per-day',
    penaltyPerDay: 0.1,
    cutoffAt: null,
    ...overrides,
  };
}

describe('credit', () => {
  it('counts nothing before the opening time', () => {
    const d = deadline();
    expect(credit(d, plus(d.opensAt, -SECOND)).counts).toBe(false);
    expect(credit(d, d.opensAt)).toEqual({ counts: true, late: false, daysLate: 0, factor: 1 });
  });

  it('is on time up to the due second, and a day late one second after', () => {
    const d = deadline();
    expect(credit(d, plus(d.dueAt, -SECOND))).toMatchObject({ late: false, factor: 1 });
    expect(credit(d, d.dueAt)).toMatchObject({ late: false, factor: 1 });
    expect(credit(d, plus(d.dueAt, SECOND))).toMatchObject({ late: true, daysLate: 1 });
    expect(credit(d, plus(d.dueAt, SECOND)).factor).toBeCloseTo(0.9, 12);
  });

  it('takes a penalty per started day, never below zero', () => {
    const d = deadline();
    const day = 86_400 * SECOND;
    expect(credit(d, plus(d.dueAt, day)).daysLate).toBe(1);
    expect(credit(d, plus(d.dueAt, day + SECOND)).daysLate).toBe(2);
    expect(credit(d, plus(d.dueAt, 3 * day)).factor).toBeCloseTo(0.7, 12);
    expect(credit(d, plus(d.dueAt, 30 * day)).factor).toBe(0);
  });

  it('marks late but keeps the score under "none"', () => {
    const d = deadline({ latePolicy: 'none' });
    expect(credit(d, plus(d.dueAt, 5 * 86_400 * SECOND))).toEqual({
      counts: true,
      late: true,
      daysLate: 5,
      factor: 1,
    });
  });

  it('gives full credit until the cut-off second, none a second after', () => {
    const d = deadline({ latePolicy: 'cutoff', cutoffAt: at('2026-03-09T12:00:00Z') });
    expect(credit(d, plus(d.cutoffAt!, -SECOND))).toMatchObject({
      counts: true,
      late: true,
      factor: 1,
    });
    expect(credit(d, d.cutoffAt!)).toMatchObject({ counts: true, factor: 1 });
    expect(credit(d, plus(d.cutoffAt!, SECOND))).toMatchObject({ counts: false, factor: 0 });
  });
});

describe('days late across a daylight-saving change', () => {
  // New York springs forward on 2026-03-08 (02:00 → 03:00) and falls back on 2026-11-01
  it('counts the 23-hour day of spring as one day', () => {
    const due = at('2026-03-07T23:59:00-05:00'); // Saturday 23:59 EST
    const zone = 'America/New_York';
    // Sunday 23:59 EDT is one calendar day later but only 23 hours
    const nextDay = addDaysInZone(due, 1, zone);
    expect(nextDay.toISOString()).toBe(at('2026-03-08T23:59:00-04:00').toISOString());
    expect(nextDay.getTime() - due.getTime()).toBe(23 * 3600 * SECOND);
    expect(daysLate(nextDay, due, zone)).toBe(1);
    expect(daysLate(plus(nextDay, SECOND), due, zone)).toBe(2);
    // 23 h 30 min after: still within the first day late (a 24-hour count would agree;
    // 23 h + 1 s proves the calendar is used)
    expect(daysLate(plus(due, 23 * 3600 * SECOND + SECOND), due, zone)).toBe(2);
  });

  it('counts the 25-hour day of autumn as one day', () => {
    const due = at('2026-10-31T23:59:00-04:00'); // Saturday 23:59 EDT
    const zone = 'America/New_York';
    const nextDay = addDaysInZone(due, 1, zone);
    expect(nextDay.getTime() - due.getTime()).toBe(25 * 3600 * SECOND);
    // 24 h 30 min after the due time: a 24-hour count says 2 days, the calendar says 1
    expect(daysLate(plus(due, 24.5 * 3600 * SECOND), due, zone)).toBe(1);
    expect(daysLate(plus(nextDay, SECOND), due, zone)).toBe(2);
  });

  it('agrees with 24-hour days in a zone without DST (Shanghai)', () => {
    const due = at('2026-03-07T23:59:00+08:00');
    for (const days of [1, 2, 7, 40]) {
      expect(addDaysInZone(due, days, 'Asia/Shanghai').getTime() - due.getTime()).toBe(
        days * 86_400 * SECOND,
      );
    }
  });
});
