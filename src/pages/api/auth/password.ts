import { eq } from 'drizzle-orm';
import { users } from '../../../../db/schema.ts';
import { isSecureRequest, setSessionCookie } from '../../../server/auth-request.ts';
import { serverContext } from '../../../server/context.ts';
import { endpoint, HttpError, json, readJson, requireUser } from '../../../server/http.ts';
import { verifyPassword } from '../../../server/passwords.ts';
import { passwordBody } from '../../../server/schemas.ts';
import { createSession } from '../../../server/sessions.ts';
import { changePassword } from '../../../server/users.ts';

/** Changes the password; every session of the user ends, and this browser gets a new one. */
export const POST = endpoint(async (context) => {
  const user = requireUser(context);
  const body = await readJson(context.request, passwordBody);
  const { db } = (await serverContext()).database;
  const [row] = await db
    .select({ hash: users.passwordHash })
    .from(users)
    .where(eq(users.id, user.id));
  if (!row || !(await verifyPassword(row.hash, body.current))) {
    throw new HttpError(403, 'wrong-password', 'the current password is wrong');
  }
  await changePassword(db, user.id, body.next);
  if (context.locals.auth === 'cookie') {
    const session = await createSession(db, user.id);
    setSessionCookie(
      context.cookies,
      session.token,
      session.expiresAt,
      isSecureRequest(context.request, context.url),
    );
  }
  return json(200, { ok: true });
});
