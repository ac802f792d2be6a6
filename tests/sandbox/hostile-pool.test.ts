// The grader pool, the OS-level guard: hostile submissions that exhaust a limit fail with
// that limit, the grader process is replaced when it must be, and the real solution graded
// after them still passes.
import { afterAll, describe, expect, it } from 'vitest';
import { GraderPool } from '../../graders/node/sandbox/pool.ts';
import { EXERCISE_ID, RETURNS_INPUT, SOLUTION, expectFailed } from '../helpers/sandbox.ts';

const LIMITS = { memoryMb: 128, timeMs: 3000, logBytes: 16_384 };

describe('the grader pool after hostile submissions', { timeout: 60_000 }, () => {
  const pool = new GraderPool({ workers: 1, limits: LIMITS, rssLimitMb: 600 });

  afterAll(async () => {
    await pool.close();
  });

  it('fails a memory bomb and an infinite loop with their limits, then passes', async () => {
    const bomb = 'const keep = []; for (;;) keep.push(new Array(1 << 16).fill(1.5));\n';
    const loop = 'while (true) {}\n';

    const bombed = await pool.grade(EXERCISE_ID, bomb + RETURNS_INPUT, 1);
    const looped = await pool.grade(EXERCISE_ID, loop + RETURNS_INPUT, 2);
    const solved = await pool.grade(EXERCISE_ID, SOLUTION, 3);

    expectFailed(bombed, 'memory-limit');
    expectFailed(looped, 'time-limit');
    expect(looped.durationMs).toBeLessThan(LIMITS.timeMs + 3000);
    expect(solved.error).toBeNull();
    expect(solved.passed).toBe(true);
    expect(solved.score).toBe(1);
  });

  it('reports a Map that grows until V8 aborts its process as memory-limit', async () => {
    const bomb = 'const m = new Map(); for (let i = 0; ; i++) m.set(i, { i });\n';

    const bombed = await pool.grade(EXERCISE_ID, bomb + RETURNS_INPUT, 4);
    const solved = await pool.grade(EXERCISE_ID, SOLUTION, 5);

    expect(solved.passed).toBe(true);
    expectFailed(bombed, 'memory-limit');
  });
});

describe('the grader pool guarding memory outside the isolate heap', { timeout: 60_000 }, () => {
  // a long time limit, so that only the pool's resident-memory cap can stop the submission
  const pool = new GraderPool({
    workers: 1,
    limits: { ...LIMITS, timeMs: 20_000 },
    rssLimitMb: 600,
  });

  afterAll(async () => {
    await pool.close();
  });

  it('kills a process growing Intl objects past its resident cap', async () => {
    // ICU keeps these off the V8 heap, where the isolate's memory limit does not see them
    const bomb = `const keep = [];
      for (;;) keep.push(new Intl.DateTimeFormat('en'), new Intl.Segmenter('en'));\n`;

    const bombed = await pool.grade(EXERCISE_ID, bomb + RETURNS_INPUT, 6);
    const solved = await pool.grade(EXERCISE_ID, SOLUTION, 7);

    expectFailed(bombed, 'memory-limit');
    expect(bombed.error?.message).toMatch(/600 MiB/);
    expect(bombed.durationMs).toBeLessThan(20_000);
    expect(solved.passed).toBe(true);
    expect(solved.score).toBe(1);
  });
});
