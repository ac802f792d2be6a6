// JSON in and out for the API: bodies read with a size limit and validated with zod, errors
// as { error: { code, message, details? } } with a 4xx status that says what was wrong.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { APIContext } from 'astro';
import { z } from 'zod';

const gzipAsync = promisify(gzip);

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

export function errorResponse(error: HttpError): Response {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.details !== undefined) body['details'] = error.details;
  return json(error.status, { error: body }, error.headers);
}

/** Request bodies above this many bytes are refused before parsing (code is at most 64 KB). */
export const MAX_BODY_BYTES = 128 * 1024;

/** Reads a JSON body of at most `maxBytes` and validates it with `schema`. */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported-media-type', 'send the body as application/json');
  }
  const declared = Number(request.headers.get('content-length'));
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readLimited(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HttpError(400, 'malformed-json', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    const first = details[0]!;
    throw new HttpError(
      400,
      'invalid-body',
      first.path ? `${first.path}: ${first.message}` : first.message,
      details,
    );
  }
  return parsed.data;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'too-large', `the body may have at most ${maxBytes} bytes`);
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

type Handler = (context: APIContext) => Promise<Response>;

/** Wraps an endpoint: HttpErrors become their responses, anything else a logged 500. */
/** Bodies smaller than this go as they are: gzip would save less than it costs. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * The response gzipped when the client accepts it and the body is large enough (a class's
 * matrix is hundreds of KiB of JSON; the static files are precompressed by the build, but
 * the standalone server compresses nothing it renders).
 */
async function compressed(request: Request, response: Response): Promise<Response> {
  if (!response.body || response.headers.has('content-encoding')) return response;
  if (!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) return response;
  const body = Buffer.from(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  headers.append('vary', 'accept-encoding');
  if (body.length < COMPRESS_FROM_BYTES) {
    return new Response(body, { status: response.status, headers });
  }
  headers.set('content-encoding', 'gzip');
  headers.delete('content-length');
  return new Response(await gzipAsync(body, { level: 6 }), { status: response.status, headers });
}

export function endpoint(handler: Handler): Handler {
  return async (context) => {
    try {
      return await compressed(context.request, await handler(context));
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      console.error(`api: ${context.request.method} ${context.url.pathname}:`, error);
      return json(500, { error: { code: 'internal', message: 'the server failed; try again' } });
    }
  };
}

export function requireUser(context: APIContext) {
  const user = context.locals.user;
  if (!user) throw new HttpError(401, 'signed-out', 'sign in first');
  return user;
}

export function requireRole(context: APIContext, ...roles: Array<'learner' | 'teacher' | 'admin'>) {
  const user = requireUser(context);
  if (!roles.includes(user.role)) {
    throw new HttpError(403, 'forbidden', 'your account may not do this');
  }
  return user;
}

/** A positive integer path parameter, or a 404 (ids are never guessed into a 500). */
export function idParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) {
    throw new HttpError(404, 'not-found', 'no such item');
  }
  return Number(value);
}
