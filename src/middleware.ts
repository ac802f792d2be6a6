// Runs before every on-demand page and endpoint: finds the user (session cookie or API
// token), refuses cross-origin state changes, and renews the cookie of a sliding session.
import type { MiddlewareHandler } from 'astro';
import {
  clearSessionCookie,
  isSecureRequest,
  originAllowed,
  sessionFromCookie,
  setSessionCookie,
  userFromApiToken,
} from './server/auth-request.ts';
import { serverContext } from './server/context.ts';
import { HttpError, errorResponse } from './server/http.ts';
import { SESSION_COOKIE } from './server/sessions.ts';

export const onRequest: MiddlewareHandler = async (context, next) => {
  context.locals.user = null;
  context.locals.sessionId = null;
  context.locals.auth = null;
  // prerendered pages (chapters, exercises) are built without a request to look at
  if (context.isPrerendered) return next();

  const { request, url, cookies } = context;
  const { db } = (await serverContext()).database;
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const user = await userFromApiToken(db, authorization);
    if (!user) return errorResponse(new HttpError(401, 'bad-token', 'the API token is not valid'));
    context.locals.user = user;
    context.locals.auth = 'token';
    return next();
  }

  if (!originAllowed(request)) {
    return errorResponse(
      new HttpError(403, 'cross-origin', 'this request did not come from this site'),
    );
  }
  const secure = isSecureRequest(request, url);
  const session = await sessionFromCookie(db, cookies);
  if (session) {
    context.locals.user = session.user;
    context.locals.sessionId = session.id;
    context.locals.auth = 'cookie';
    if (session.renewed) {
      setSessionCookie(cookies, cookies.get(SESSION_COOKIE)!.value, session.expiresAt, secure);
    }
  } else if (cookies.has(SESSION_COOKIE)) {
    clearSessionCookie(cookies, secure);
  }
  return next();
};
