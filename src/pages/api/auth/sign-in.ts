import { serverContext } from '../../../server/context.ts';
import { isSecureRequest, setSessionCookie } from '../../../server/auth-request.ts';
import { endpoint, HttpError, json, readJson } from '../../../server/http.ts';
import { decoyHash, verifyPassword } from '../../../server/passwords.ts';
import {
  clearAccountFailures,
  recordSignInFailure,
  signInDelay,
} from '../../../server/rate-limit.ts';
import { signInBody } from '../../../server/schemas.ts';
import { createSession } from '../../../server/sessions.ts';
import { findUserByEmail } from '../../../server/users.ts';
import { clientAddress } from '../../../server/address.ts';

export const POST = endpoint(async (context) => {
  const { request, url, cookies } = context;
  const body = await readJson(request, signInBody);
  const { db } = (await serverContext()).database;
  const address = clientAddress(context);
  const wait = await signInDelay(db, body.email, address);
  if (wait > 0) {
    throw new HttpError(
      429,
      'too-many-attempts',
      `too many failed sign-ins; try again in ${Math.ceil(wait / 60)} min`,
      { retryAfterSeconds: wait },
      { 'retry-after': String(wait) },
    );
  }
  const user = await findUserByEmail(db, body.email);
  // the same work and the same answer whether or not the address has an account
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), body.password);
  if (!user || !ok) {
    await recordSignInFailure(db, body.email, address);
    throw new HttpError(401, 'wrong-credentials', 'wrong email or password');
  }
  await clearAccountFailures(db, body.email);
  const session = await createSession(db, user.id);
  setSessionCookie(cookies, session.token, session.expiresAt, isSecureRequest(request, url));
  return json(200, { user: { id: user.id, email: user.email, name: user.name, role: user.role } });
});
