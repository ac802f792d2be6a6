// The session cache on PGlite: a sign-out, a password change or a role change is seen by the
// next request, and a validation that was under way when one of them committed may answer
// what it read, but is not kept.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import type { Database, Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import {
  cacheSessions,
  createSession,
  invalidateSession,
  sessionsChanged,
  validateSessionToken,
} from '../../src/server/sessions.ts';
import { changePassword } from '../../src/server/users.ts';

describe('the session cache', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({
      dataDir: await mkdtemp(join(tmpdir(), 'attention-lab-sessions-')),
    });
    await database.db
      .insert(users)
      .values({ id: 'u1', email: 'u1@x', name: 'U1', passwordHash: 'x' });
    cacheSessions(true);
  }, 60_000);

  afterAll(async () => {
    cacheSessions(false);
    await database?.close();
  });

  /** The database, with the answers of its selects held back until `release`. */
  function slowSelects(db: Db) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = new Proxy(db, {
      get(target, key, receiver) {
        if (key !== 'select') return Reflect.get(target, key, receiver);
        return (...args: Parameters<Db['select']>) => {
          const builder = target.select(...args);
          const from = builder.from.bind(builder);
          return Object.assign(builder, {
            from: (...table: Parameters<typeof from>) => {
              const query = from(...table);
              const then = query.then.bind(query);
              // the query's methods (join, where) answer the query itself: this then stays
              return Object.assign(query, {
                then: (ok: (v: unknown) => unknown, no: (e: unknown) => unknown) =>
                  then(async (rows) => {
                    await held;
                    return rows;
                  }).then(ok, no),
              });
            },
          });
        };
      },
    });
    return { slow, release };
  }

  it('ends a session at sign-out, password change and role change', async () => {
    const { db } = database;
    const first = await createSession(db, 'u1');
    expect((await validateSessionToken(db, first.token))?.user.role).toBe('learner');
    await db.update(users).set({ role: 'teacher' }).where(eq(users.id, 'u1'));
    // cached: a change made around the server is not seen...
    expect((await validateSessionToken(db, first.token))?.user.role).toBe('learner');
    // ...one it is told of is
    await sessionsChanged(db, { userId: 'u1' });
    expect((await validateSessionToken(db, first.token))?.user.role).toBe('teacher');
    const id = (await validateSessionToken(db, first.token))!.id;
    await invalidateSession(db, id);
    expect(await validateSessionToken(db, first.token)).toBeNull();
    const second = await createSession(db, 'u1');
    expect(await validateSessionToken(db, second.token)).not.toBeNull();
    await changePassword(db, 'u1', 'a new password 1');
    expect(await validateSessionToken(db, second.token)).toBeNull();
  });

  it('does not keep a validation that a sign-out overtook', async () => {
    const { db } = database;
    const { token } = await createSession(db, 'u1');
    const { slow, release } = slowSelects(db);
    const validating = validateSessionToken(slow, token);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { tokenId } = await import('../../src/server/tokens.ts');
    await invalidateSession(db, tokenId(token));
    release();
    // what the overtaken read saw: the session as it was
    expect(await validating).not.toBeNull();
    // and it was not kept
    expect(await validateSessionToken(db, token)).toBeNull();
  });
});
