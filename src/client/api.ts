// The browser's side of the account API: JSON requests, errors as words a learner reads, who
// is signed in, and merging the progress kept before signing in. fetch() from our own pages
// sends the Origin the server's same-origin check wants, and the HttpOnly session cookie.
import { API_ERROR_TEXT, type UiLang } from '../lib/i18n.ts';
import { markMerged, unmergedRuns, type LocalRun } from './storage.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'learner' | 'teacher' | 'admin';
}

/** A refused or failed request: status 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Sends a JSON request; resolves with the answer's body (null for 204), rejects with ApiError. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new ApiError(0, 'network', String(error));
  }
  if (response.status === 401) rememberSignedIn(false);
  const text = await response.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } })
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? (response.status >= 500 ? 'internal' : 'refused'),
      error?.message ?? `HTTP ${response.status}`,
      error?.details,
    );
  }
  return parsed as T;
}

/** What went wrong, in the page's language. */
export function errorText(error: unknown, lang: UiLang): string {
  const t = API_ERROR_TEXT[lang];
  if (!(error instanceof ApiError)) return t.server;
  switch (error.code) {
    case 'network':
      return t.network;
    case 'wrong-credentials':
    case 'sign-up-refused':
    case 'wrong-password':
    case 'signed-out':
    case 'too-large':
      return t[error.code];
    case 'too-many-attempts': {
      const seconds = (error.details as { retryAfterSeconds?: number } | undefined)
        ?.retryAfterSeconds;
      return t['too-many-attempts'](Math.max(1, Math.ceil((seconds ?? 60) / 60)));
    }
    case 'invalid-body':
      return t.invalid(error.message);
  }
  return error.status >= 500 ? t.server : t.refused(error.message);
}

// Whether this browser signed in, kept beside the HttpOnly cookie that scripts cannot read.
// Exercise pages are prerendered, so only a request can tell who is signed in; asking on
// every page would answer most visitors (never signed in) with a 401 for nothing. The pages
// rendered per request (account, progress) set the flag from what the server knows, and any
// 401 clears it, so it can be wrong only until the next such page or request.
const SIGNED_IN = 'attention-lab:signed-in';

export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN, '1');
    else localStorage.removeItem(SIGNED_IN);
  } catch {
    // storage disabled: the pages ask the server each time
  }
}

function maybeSignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN) !== null;
  } catch {
    return true; // cannot tell: ask
  }
}

let me: Promise<User | null> | undefined;

/** The signed-in user or null, asked of the server (GET /api/me) once per page. */
export function currentUser(): Promise<User | null> {
  me ??= maybeSignedIn()
    ? api<{ user: User }>('GET', '/api/me').then(
        (answer) => answer.user,
        () => null, // signed out (the flag is cleared), or the server is away: as signed out
      )
    : Promise.resolve(null);
  return me;
}

/**
 * Sends the runs this browser kept that the account does not have (each exercise's last run)
 * to POST /api/progress/merge, and marks them merged so that a later sign-in does not send
 * them again. Exercises the server does not know (renamed since) are marked too, and the
 * rest sent again. Resolves with how many were merged; a failure leaves them for next time.
 */
export async function mergeLocalProgress(): Promise<number> {
  let runs = unmergedRuns().slice(0, 500);
  for (let attempt = 0; attempt < 2 && runs.length > 0; attempt++) {
    try {
      const body = runs.map(({ lastRun: _, ...run }) => run);
      const answer = await api<{ merged: number }>('POST', '/api/progress/merge', {
        attempts: body,
      });
      markMerged(runs);
      return answer.merged;
    } catch (error) {
      const refused = refusedRuns(error, runs);
      if (refused.length === 0) return 0;
      markMerged(refused);
      runs = runs.filter((run) => !refused.includes(run));
    }
  }
  return 0;
}

/** The runs a 400's details name (`attempts.3.exerciseId`, say). */
function refusedRuns(error: unknown, runs: LocalRun[]): LocalRun[] {
  if (!(error instanceof ApiError) || error.status !== 400 || !Array.isArray(error.details)) {
    return [];
  }
  const indexes = new Set<number>();
  for (const detail of error.details as { path?: unknown }[]) {
    const match = /^attempts\.(\d+)\./.exec(String(detail?.path ?? ''));
    if (match) indexes.add(Number(match[1]));
  }
  return runs.filter((_, i) => indexes.has(i));
}
