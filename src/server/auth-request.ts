// Who sent a request, and whether a state-changing request may be trusted to come from
// our own pages.
import type { AstroCookies } from 'astro';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, users } from '../../db/schema.ts';
import { SESSION_COOKIE, validateSessionToken } from './sessions.ts';
import type { SessionUser, ValidSession } from './sessions.ts';
import { tokenId } from './tokens.ts';

/** API tokens start with this, so that a leaked one is easy to recognise. */
export const API_TOKEN_PREFIX = 'al_';

export function isSecureRequest(request: Request, url: URL): boolean {
  if (url.protocol === 'https:' || process.env['PUBLIC_ORIGIN']?.startsWith('https:')) return true;
  return (
    process.env['TRUST_PROXY'] === '1' && request.headers.get('x-forwarded-proto') === 'https'
  );
}

export function setSessionCookie(
  cookies: AstroCookies,
  token: string,
  expiresAt: Date,
  secure: boolean,
) {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(cookies: AstroCookies, secure: boolean) {
  cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}

export async function userFromApiToken(db: Db, header: string): Promise<SessionUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match || !match[1]!.startsWith(API_TOKEN_PREFIX)) return null;
  const id = tokenId(match[1]!);
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.id, id));
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(and(eq(apiTokens.id, id)));
  return row;
}

export async function sessionFromCookie(
  db: Db,
  cookies: AstroCookies,
): Promise<ValidSession | null> {
  const token = cookies.get(SESSION_COOKIE)?.value;
  if (!token || token.length > 64) return null;
  return validateSessionToken(db, token);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request may change state. Browsers send Origin on every cross-origin POST (and
 * on same-origin ones); it must be this site's. A request without Origin is refused unless
 * Sec-Fetch-Site says it is same-origin. Requests authenticated by an API token carry no
 * ambient credential and are not subject to this check.
 */
export function originAllowed(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.get('origin');
  if (!origin) return request.headers.get('sec-fetch-site') === 'same-origin';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  // the Host the browser addressed (Astro's url falls back to its configured host, so the
  // header is what tells), or the public origin a proxy serves the site under
  const configured = process.env['PUBLIC_ORIGIN'];
  return (
    host === request.headers.get('host') ||
    (configured !== undefined && configured !== '' && new URL(configured).origin === origin)
  );
}
