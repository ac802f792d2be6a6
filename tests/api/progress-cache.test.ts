// The progress cache (PGlite only): after each kind of write a learner's progress is read
// again, never served from before the write; a read that was under way when the write
// committed may answer what it saw, but is not kept.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import type { Database, Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { cacheProgress, progressOf, recordAttempts } from '../../src/server/progress.ts';
import { claimJob, completeJob, enqueueSubmission, failJob } from '../../src/server/queue.ts';

const EXERCISE = 'transformer/layer-norm';

describe('the progress cache', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({
      dataDir: await mkdtemp(join(tmpdir(), 'attention-lab-progress-')),
    });
    await database.db
      .insert(users)
      .values({ id: 'p1', email: 'p1@x', name: 'P1', passwordHash: 'x' });
    cacheProgress(true);
  }, 60_000);

  afterAll(async () => {
    cacheProgress(false);
    await database?.close();
  });

  const mine = async (db: Db = database.db) =>
    (await progressOf(db, 'p1')).find((e) => e.id === EXERCISE)!;

  it('is read again after runs, submissions, gradings and give-ups', async () => {
    const { db } = database;
    expect(await mine()).toMatchObject({ runs: 0, submissions: 0, lastSubmission: null });
    // a second read is the cached one
    expect(await progressOf(db, 'p1')).toBe(await progressOf(db, 'p1'));

    await recordAttempts(db, 'p1', [
      { exerciseId: EXERCISE, passed: true, score: 1, backend: 'cpu' },
    ]);
    expect(await mine()).toMatchObject({ runs: 1, passed: false, bestScore: null });

    const first = await enqueueSubmission(db, { userId: 'p1', exerciseId: EXERCISE, code: '// 1' });
    expect(await mine()).toMatchObject({
      submissions: 1,
      lastSubmission: { id: first, state: 'queued' },
    });

    const job = (await claimJob(db, 60_000))!;
    await completeJob(db, job, {
      exercise: EXERCISE,
      passed: true,
      score: 1,
      checks: [],
      diagnosis: null,
      error: null,
      seed: 1,
      graderVersion: 'test',
      durationMs: 1,
      logs: [],
    });
    expect(await mine()).toMatchObject({
      passed: true,
      bestScore: 1,
      lastSubmission: { id: first, state: 'graded', score: 1 },
    });

    const second = await enqueueSubmission(db, {
      userId: 'p1',
      exerciseId: EXERCISE,
      code: '// 2',
    });
    expect(await mine()).toMatchObject({ submissions: 2, lastSubmission: { id: second } });
    const again = (await claimJob(db, 60_000))!;
    await failJob(db, again.jobId, again.submissionId, 'test: the grader gave up');
    expect(await mine()).toMatchObject({ lastSubmission: { id: second, state: 'failed' } });

    await recordAttempts(db, 'p1', [], 'merged');
    await recordAttempts(
      db,
      'p1',
      [
        { exerciseId: EXERCISE, passed: false, score: 0.5, backend: 'webgpu' },
        { exerciseId: EXERCISE, passed: false, score: 0.2, backend: 'webgpu' },
      ],
      'merged',
    );
    expect(await mine()).toMatchObject({ runs: 3 });
  });

  it('does not keep a read that a write overtook', async () => {
    const { db } = database;
    const before = (await mine()).runs;
    // a database whose answers are held back until released: the read has seen the old
    // rows, and answers after the write below committed
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = new Proxy(db, {
      get(target, key, receiver) {
        if (key !== 'execute') return Reflect.get(target, key, receiver);
        return async (...args: Parameters<Db['execute']>) => {
          const result = await target.execute(...args);
          await held;
          return result;
        };
      },
    });
    // forget the entry so that the slow read goes to the database
    await recordAttempts(db, 'p1', [
      { exerciseId: EXERCISE, passed: false, score: 0, backend: 'cpu' },
    ]);
    const reading = mine(slow);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await recordAttempts(db, 'p1', [
      { exerciseId: EXERCISE, passed: false, score: 0, backend: 'cpu' },
    ]);
    release();
    // what the overtaken read saw: one run, not the second
    expect((await reading).runs).toBe(before + 1);
    // and it was not kept
    expect((await mine()).runs).toBe(before + 2);
  });
});
