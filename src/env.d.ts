/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in user, from the session cookie or an API token; null when signed out. */
    user: import('./server/sessions.ts').SessionUser | null;
    /** The browser session's id (hashed token), when the request came with one. */
    sessionId: string | null;
    /** 'cookie' or 'token' (a personal API token), when a user is signed in. */
    auth: 'cookie' | 'token' | null;
  }
}
