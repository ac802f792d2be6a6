// Sessions and the queue at the database level, on PGlite and on PostgreSQL: sliding
// expiry, expired sessions removed, leases that run out, and grading given up after
// repeated crashes.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, DatabaseInUseError } from '../../db/client.ts';
import type { Database } from '../../db/client.ts';
import { gradingJobs, sessions, submissions } from '../../db/schema.ts';
import { claimJob, enqueueSubmission, MAX_TRIES } from '../../src/server/queue.ts';
import {
  createSession,
  SESSION_LIFETIME_MS,
  validateSessionToken,
} from '../../src/server/sessions.ts';
import { tokenId } from '../../src/server/tokens.ts';
import { createUser, changePassword } from '../../src/server/users.ts';
import { DATABASES, freshPostgresDatabase } from '../helpers/api.ts';

const DAY = 24 * 60 * 60 * 1000;

describe.each(DATABASES)('sessions and queue on %s', (kind) => {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  let userId: string;

  beforeAll(async () => {
    if (kind === 'postgres') {
      const fresh = await freshPostgresDatabase();
      drop = fresh.drop;
      database = await openDatabase({ url: fresh.url });
    } else {
      dataDir = await mkdtemp(join(tmpdir(), 'attention-lab-db-'));
      database = await openDatabase({ dataDir });
    }
    userId = (
      await createUser(database.db, {
        email: `s-${kind}@example.com`,
        name: 'S',
        password: 'long enough password',
      })
    ).id;
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('stores only the hash of a session token', async () => {
    const { token } = await createSession(database.db, userId);
    const rows = await database.db.select().from(sessions).where(eq(sessions.userId, userId));
    expect(rows.some((row) => row.id === token)).toBe(false);
    expect(rows.some((row) => row.id === tokenId(token))).toBe(true);
  });

  it('slides the expiry forward in the second half of a session, not in the first', async () => {
    const { token } = await createSession(database.db, userId);
    const fresh = await validateSessionToken(database.db, token);
    expect(fresh?.renewed).toBe(false);

    await database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + 10 * DAY) })
      .where(eq(sessions.id, tokenId(token)));
    const renewed = await validateSessionToken(database.db, token);
    expect(renewed?.renewed).toBe(true);
    expect(
      Math.abs(renewed!.expiresAt.getTime() - (Date.now() + SESSION_LIFETIME_MS)),
    ).toBeLessThan(60_000);
  });

  it('forgets an expired session', async () => {
    const { token } = await createSession(database.db, userId);
    await database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, tokenId(token)));
    expect(await validateSessionToken(database.db, token)).toBeNull();
    expect(
      await database.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, tokenId(token))),
    ).toEqual([]);
  });

  it('ends all sessions on a password change', async () => {
    const a = await createSession(database.db, userId);
    const b = await createSession(database.db, userId);
    await changePassword(database.db, userId, 'another long password');
    expect(await validateSessionToken(database.db, a.token)).toBeNull();
    expect(await validateSessionToken(database.db, b.token)).toBeNull();
  });

  it('gives a job to one worker at a time, and again once its lease runs out', async () => {
    const id = await enqueueSubmission(database.db, {
      userId,
      exerciseId: 'transformer/causal-mask',
      code: 'x',
    });
    const first = await claimJob(database.db, 60_000);
    expect(first?.submissionId).toBe(id);
    // held: nobody else gets it
    expect(await claimJob(database.db, 60_000)).toBeNull();
    await database.db
      .update(gradingJobs)
      .set({ leaseUntil: new Date(Date.now() - 1) })
      .where(eq(gradingJobs.id, first!.jobId));
    const second = await claimJob(database.db, 60_000);
    expect(second).toMatchObject({ submissionId: id, tries: 2 });
    await database.db
      .update(gradingJobs)
      .set({ state: 'done' })
      .where(eq(gradingJobs.id, first!.jobId));
  });

  it('gives up on a submission after every try died, and says so', async () => {
    const id = await enqueueSubmission(database.db, {
      userId,
      exerciseId: 'transformer/causal-mask',
      code: 'x',
    });
    for (let i = 0; i < MAX_TRIES; i++) {
      const job = await claimJob(database.db, 60_000);
      expect(job?.submissionId).toBe(id);
      await database.db
        .update(gradingJobs)
        .set({ leaseUntil: new Date(Date.now() - 1) })
        .where(eq(gradingJobs.id, job!.jobId));
    }
    expect(await claimJob(database.db, 60_000)).toBeNull();
    const [row] = await database.db.select().from(submissions).where(eq(submissions.id, id));
    expect(row!.state).toBe('failed');
    expect(row!.error).toMatchObject({ kind: 'crash' });
  });

  it.runIf(kind === 'pglite')(
    'refuses a second process on the same embedded database',
    async () => {
      const { spawnSync } = await import('node:child_process');
      const result = spawnSync(
        process.execPath,
        [
          '-e',
          `import('${new URL('../../db/client.ts', import.meta.url).href}').then(m => m.openDatabase({ dataDir: ${JSON.stringify(dataDir)} })).catch(e => { console.error(e.name); process.exit(3); })`,
        ],
        { encoding: 'utf8' },
      );
      expect(result.status).toBe(3);
      expect(result.stderr).toContain(DatabaseInUseError.name);
    },
  );
});
