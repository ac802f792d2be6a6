// Sessions with sliding expiry: valid for 30 days, pushed back to 30 days whenever a request
// comes in the second half of that time. Ended by sign-out, and all of a user's at once on a
// password change.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions, users } from '../../db/schema.ts';
import type { Role } from '../../db/schema.ts';
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
 * Entries are also read again after CACHE_TTL_MS, and whenever a renewal is due.
 */
interface Cached {
  expiresAt: Date;
  user: SessionUser;
  /** When it was read from the database. */
  readAt: number;
}
interface SessionCache {
  entries: Map<string, Cached>;
  /** Reads under way: a change that may concern them marks them stale. */
  reading: Set<{ id: string; stale: boolean }>;
}
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;
const CACHE_KEY = Symbol.for('attention-lab.session-cache');
type CacheHolder = { [CACHE_KEY]?: SessionCache };
const cacheHolder = globalThis as CacheHolder;

/** Where servers sharing a PostgreSQL database hear of session changes. */
export const SESSION_CHANNEL = 'attention_lab_sessions';

/**
 * Turns the session cache on (a database this process alone uses, or one it listens to for
 * changes) or off, forgetting every entry.
 */
export function cacheSessions(on: boolean): void {
  if (on) cacheHolder[CACHE_KEY] ??= { entries: new Map(), reading: new Set() };
  else delete cacheHolder[CACHE_KEY];
}

export type SessionChange = { sessionId: string } | { userId: string };

/** Forgets, in this process, what a change concerns. */
function forget(change: SessionChange): void {
  const cache = cacheHolder[CACHE_KEY];
  if (!cache) return;
  if ('sessionId' in change) {
    cache.entries.delete(change.sessionId);
    for (const read of cache.reading) if (read.id === change.sessionId) read.stale = true;
    return;
  }
  for (const [id, entry] of cache.entries) {
    if (entry.user.id === change.userId) cache.entries.delete(id);
  }
  // a read under way does not say whose session it is until it answers: all are stale
  for (const read of cache.reading) read.stale = true;
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
  const cache = cacheHolder[CACHE_KEY];
  const hit = cache?.entries.get(id);
  if (hit) {
    // a hit that is still fresh, not expired and not due for renewal needs no query
    const fresh = now - hit.readAt < CACHE_TTL_MS;
    if (fresh && now < hit.expiresAt.getTime() - RENEW_BEFORE_MS) {
      return { id, expiresAt: hit.expiresAt, renewed: false, user: hit.user };
    }
    cache!.entries.delete(id);
  }
  const read = { id, stale: false };
  cache?.reading.add(read);
  try {
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
    // kept only if nothing that may concern it changed while it was read
    if (cache && !read.stale && cacheHolder[CACHE_KEY] === cache) {
      // oldest first out: a Map iterates in insertion order
      if (cache.entries.size >= CACHE_MAX) cache.entries.delete(cache.entries.keys().next().value!);
      cache.entries.set(id, { expiresAt, user: row.user, readAt: now });
    }
    return { id, expiresAt, renewed, user: row.user };
  } finally {
    cache?.reading.delete(read);
  }
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
  await sessionsChanged(db, { sessionId });
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await sessionsChanged(db, { userId });
}
