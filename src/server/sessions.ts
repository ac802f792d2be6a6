// Sessions with sliding expiry: valid for 30 days, pushed back to 30 days whenever a request
// comes in the second half of that time. Ended by sign-out, and all of a user's at once on a
// password change.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions, users } from '../../db/schema.ts';
import type { Role } from '../../db/schema.ts';
import { cacheSlot } from './read-cache.ts';
import { generateToken, tokenId } from './tokens.ts';

export const SESSION_COOKIE = 'session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
const RENEW_BEFORE_MS = 15 * DAY_MS;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface ValidSession {
  id: string;
  expiresAt: Date;
  /** True when this validation pushed the expiry back: the cookie must be sent again. */
  renewed: boolean;
  user: SessionUser;
}

/**
 * Sessions already validated, kept in memory, so that a signed-in request needs no query to
 * know who sent it (measured here: the lookup is most of a signed-in read's database work).
 * Every write that ends a session or changes what it carries (sign-out, a password change, a
 * role change) calls sessionsChanged once it has committed: this process forgets what it
 * affects, and reads of it that were under way are not kept. Other processes hear of it:
 * - PGlite: there are none (the data folder is locked to this one);
 * - PostgreSQL: each server LISTENs on SESSION_CHANNEL, and sessionsChanged NOTIFYs it. A
 *   server caches only while it listens: when the listening connection is lost it forgets
 *   everything and reads every session from the database until it listens again. Another
 *   server forgets within PostgreSQL's delivery time of a notification (milliseconds).
 * Entries are also read again after a minute, and whenever a renewal is due (read-cache.ts).
 */
interface Cached {
  expiresAt: Date;
  user: SessionUser;
}
const cache = cacheSlot<Cached>('session-cache', 60_000, 10_000);

/** Where servers sharing a PostgreSQL database hear of session changes. */
export const SESSION_CHANNEL = 'attention_lab_sessions';

/**
 * Turns the session cache on (a database this process alone uses, or one it listens to for
 * changes) or off, forgetting every entry.
 */
export function cacheSessions(on: boolean): void {
  cache.switch(on);
}

export type SessionChange = { sessionId: string } | { userId: string };

/** Forgets, in this process, what a change concerns. */
function forget(change: SessionChange): void {
  if ('sessionId' in change) cache.current()?.forget(change.sessionId);
  else cache.current()?.forgetWhere((entry) => entry.user.id === change.userId);
}

/**
 * Call after a write that ends a session, or changes its user's role, has committed: this
 * process forgets it, and so does every server listening to the same PostgreSQL database.
 */
export async function sessionsChanged(db: Db, change: SessionChange): Promise<void> {
  forget(change);
  const notice = 'sessionId' in change ? `s:${change.sessionId}` : `u:${change.userId}`;
  await db.execute(sql`select pg_notify(${SESSION_CHANNEL}, ${notice})`);
}

/** What a listening server does with a notification on SESSION_CHANNEL. */
export function heardSessionChange(notice: string): void {
  if (notice.startsWith('s:')) forget({ sessionId: notice.slice(2) });
  else if (notice.startsWith('u:')) forget({ userId: notice.slice(2) });
  else {
    // anything else is not ours to read: forget everything rather than guess
    cacheSessions(false);
    cacheSessions(true);
  }
}

export async function createSession(
  db: Db,
  userId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  await db.insert(sessions).values({ id: tokenId(token), userId, expiresAt });
  return { token, expiresAt };
}

/** The session a token opens, or null when it is unknown or expired (an expired one is removed). */
export async function validateSessionToken(db: Db, token: string): Promise<ValidSession | null> {
  const id = tokenId(token);
  const now = Date.now();
  const kept = cache.current();
  const hit = kept?.get(id, now);
  // a hit that is not expired and not due for renewal needs no query
  if (hit && now < hit.expiresAt.getTime() - RENEW_BEFORE_MS) {
    return { id, expiresAt: hit.expiresAt, renewed: false, user: hit.user };
  }
  if (!kept) return readSession(db, id, now);
  return kept.read(
    id,
    () => readSession(db, id, now),
    (valid) => (valid ? { expiresAt: valid.expiresAt, user: valid.user } : undefined),
  );
}

async function readSession(db: Db, id: string, now: number): Promise<ValidSession | null> {
  const [row] = await db
    .select({
      expiresAt: sessions.expiresAt,
      user: { id: users.id, email: users.email, name: users.name, role: users.role },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  if (now >= row.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let expiresAt = row.expiresAt;
  let renewed = false;
  if (now >= expiresAt.getTime() - RENEW_BEFORE_MS) {
    expiresAt = new Date(now + SESSION_LIFETIME_MS);
    renewed = true;
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
  }
  return { id, expiresAt, renewed, user: row.user };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
  await sessionsChanged(db, { sessionId });
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await sessionsChanged(db, { userId });
}
