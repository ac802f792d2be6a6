import { serverContext } from '../../../server/context.ts';
import { isSecureRequest, setSessionCookie } from '../../../server/auth-request.ts';
import { endpoint, HttpError, json, readJson } from '../../../server/http.ts';
import { signUpBody } from '../../../server/schemas.ts';
import { createSession } from '../../../server/sessions.ts';
import { AccountError, createUser } from '../../../server/users.ts';

export const POST = endpoint(async ({ request, url, cookies }) => {
  const body = await readJson(request, signUpBody);
  const { db } = (await serverContext()).database;
  let user;
  try {
    user = await createUser(db, body);
  } catch (error) {
    if (error instanceof AccountError && error.code === 'email-taken') {
      // KNOWN LIMITATION: without e-mail verification (no mail server here) sign-up cannot
      // hide that an address has an account; it says so no more plainly than this
      throw new HttpError(
        409,
        'sign-up-refused',
        'this address cannot sign up; if it is yours, sign in',
      );
    }
    throw error;
  }
  const session = await createSession(db, user.id);
  setSessionCookie(cookies, session.token, session.expiresAt, isSecureRequest(request, url));
  return json(201, { user });
});
