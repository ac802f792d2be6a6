import type { APIRoute } from 'astro';

/** Liveness probe: answers as soon as the server can render a route. */
export const GET: APIRoute = () => Response.json({ ok: true }, { status: 200 });
