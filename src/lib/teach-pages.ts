// Who may see the class pages, decided on the server before a page renders (so that its HTTP
// status says it too): the teacher's pages need a teacher or an admin and, for a class or an
// assignment, one they teach; the student's page needs someone signed in.
import type { AstroGlobal } from 'astro';
import { serverContext } from '../server/context.ts';
import { HttpError, idParam } from '../server/http.ts';
import { taughtAssignment, taughtClass } from '../server/homework/service.ts';
import type { AssignmentRow, ClassRow } from '../server/homework/service.ts';
import type { SessionUser } from '../server/sessions.ts';

export type Refusal = 'signed-out' | 'not-teacher' | 'not-found';

export type Access<T> = { ok: true; user: SessionUser; value: T } | { ok: false; why: Refusal };

const STATUS: Record<Refusal, number> = { 'signed-out': 401, 'not-teacher': 403, 'not-found': 404 };

function refuse<T>(astro: AstroGlobal, why: Refusal): Access<T> {
  astro.response.status = STATUS[why];
  return { ok: false, why };
}

/** Per-user pages are never cached. */
function privatePage(astro: AstroGlobal): void {
  astro.response.headers.set('cache-control', 'private, no-store');
}

/** Anyone signed in (the student's page). */
export function signedIn(astro: AstroGlobal): Access<null> {
  privatePage(astro);
  const user = astro.locals.user;
  return user ? { ok: true, user, value: null } : refuse(astro, 'signed-out');
}

/** A teacher or an admin. */
export function teacher(astro: AstroGlobal): Access<null> {
  const access = signedIn(astro);
  if (!access.ok) return access;
  if (access.user.role !== 'teacher' && access.user.role !== 'admin') {
    return refuse(astro, 'not-teacher');
  }
  return access;
}

async function owned<T>(
  astro: AstroGlobal,
  find: (user: SessionUser, id: number) => Promise<T>,
): Promise<Access<T>> {
  const access = teacher(astro);
  if (!access.ok) return access;
  try {
    const id = idParam(astro.params['id']);
    return { ok: true, user: access.user, value: await find(access.user, id) };
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return refuse(astro, 'not-found');
    throw error;
  }
}

/** A class the signed-in teacher teaches (any, for an admin). */
export function taughtClassPage(astro: AstroGlobal): Promise<Access<ClassRow>> {
  return owned(astro, async (user, id) =>
    taughtClass((await serverContext()).database.db, user, id),
  );
}

/** An assignment of a class the signed-in teacher teaches, with its class. */
export function taughtAssignmentPage(
  astro: AstroGlobal,
): Promise<Access<{ assignment: AssignmentRow; klass: ClassRow }>> {
  return owned(astro, async (user, id) =>
    taughtAssignment((await serverContext()).database.db, user, id),
  );
}
