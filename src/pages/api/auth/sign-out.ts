import { clearSessionCookie, isSecureRequest } from '../../../server/auth-request.ts';
import { serverContext } from '../../../server/context.ts';
import { endpoint, json } from '../../../server/http.ts';
import { invalidateSession } from '../../../server/sessions.ts';

export const POST = endpoint(async ({ request, url, cookies, locals }) => {
  if (locals.sessionId) {
    const { db } = (await serverContext()).database;
    await invalidateSession(db, locals.sessionId);
  }
  clearSessionCookie(cookies, isSecureRequest(request, url));
  return json(204, null);
});
