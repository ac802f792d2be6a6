// Sessions with sliding expiry: valid for 30 days, pushed back to 30 days whenever a request
// comes in the second half of that time. Ended by sign-out, and all of a user's at once on a
// password change.
import { eq } from 'drizzle-orm';
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
 * Sessions already validated, kept in memory while this process is the database's only user
 * (PGlite: the data folder is locked to one process). Then every sign-out, password change
 * and role change passes through this process and forgets what it affects, so an entry is
 * never a session the database has ended. With a PostgreSQL server, other processes end
 * sessions too, and nothing is cached. Measured here: the lookup is 0.8 ms of PGlite time,
 * most of a signed-in request's work.
 */
interface Cached {
  expiresAt: Date;
  user: SessionUser;
  /** When it was read from the database; entries are read again after CACHE_TTL_MS. */
  readAt: number;
}
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;
const CACHE_KEY = Symbol.for('attention-lab.session-cache');
type CacheHolder = { [CACHE_KEY]?: Map<string, Cached> };
const cacheHolder = globalThis as CacheHolder;

/** Turns the session cache on (only for a database this process alone uses) or off. */
export function cacheSessions(on: boolean): void {
  if (on) cacheHolder[CACHE_KEY] ??= new Map();
  else delete cacheHolder[CACHE_KEY];
}

function cache(): Map<string, Cached> | undefined {
  return cacheHolder[CACHE_KEY];
}

/** Forgets the cached sessions of a user whose role, name or password changed. */
export function forgetUserSessions(userId: string): void {
  const entries = cache();
  if (!entries) return;
  for (const [id, entry] of entries) if (entry.user.id === userId) entries.delete(id);
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
  const entries = cache();
  const hit = entries?.get(id);
  if (hit) {
    // a hit that is still fresh, not expired and not due for renewal needs no query
    const fresh = now - hit.readAt < CACHE_TTL_MS;
    if (fresh && now < hit.expiresAt.getTime() - RENEW_BEFORE_MS) {
      return { id, expiresAt: hit.expiresAt, renewed: false, user: hit.user };
    }
    entries!.delete(id);
  }
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
  if (entries) {
    // oldest first out: a Map iterates in insertion order
    if (entries.size >= CACHE_MAX) entries.delete(entries.keys().next().value!);
    entries.set(id, { expiresAt, user: row.user, readAt: now });
  }
  return { id, expiresAt, renewed, user: row.user };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  cache()?.delete(sessionId);
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  forgetUserSessions(userId);
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
