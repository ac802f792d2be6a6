// API answers are gzipped for clients that accept it, once they are large enough to gain
// (a class's matrix is hundreds of KiB of JSON); small ones, and clients that do not ask, get
// them as they are. The server suites read every answer through fetch, which decodes gzip,
// so they cover the compressed path end to end; this one looks at the bytes.
import { gunzipSync } from 'node:zlib';
import type { APIContext } from 'astro';
import { describe, expect, it } from 'vitest';
import { endpoint, HttpError, json } from '../../src/server/http.ts';

const call = (handler: Parameters<typeof endpoint>[0], headers: Record<string, string>) =>
  endpoint(handler)({
    request: new Request('http://localhost/api/x', { headers }),
    url: new URL('http://localhost/api/x'),
  } as unknown as APIContext);

const large = { rows: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `学生 ${i}` })) };

describe('API compression', () => {
  it('gzips a large JSON answer for a client that accepts gzip', async () => {
    const response = await call(async () => json(200, large), { 'accept-encoding': 'gzip, br' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toContain('accept-encoding');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBeLessThan(JSON.stringify(large).length / 3);
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(large);
  });

  it('keeps the status and headers of what it compresses (a CSV download)', async () => {
    const csv = 'student,score\r\n' + '李雷,100\r\n'.repeat(400);
    const response = await call(
      async () =>
        new Response(csv, {
          status: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment' },
        }),
      { 'accept-encoding': 'gzip' },
    );
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('content-disposition')).toBe('attachment');
    expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')).toBe(csv);
  });

  it('sends small answers, errors and answers to clients that do not ask, as they are', async () => {
    const small = await call(async () => json(200, { ok: true }), { 'accept-encoding': 'gzip' });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });

    const plain = await call(async () => json(200, large), {});
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.json()).toEqual(large);

    const refused = await call(
      async () => {
        throw new HttpError(404, 'not-found', 'no such class');
      },
      { 'accept-encoding': 'gzip' },
    );
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ error: { code: 'not-found', message: 'no such class' } });

    const empty = await call(async () => json(204, null), { 'accept-encoding': 'gzip' });
    expect(empty.status).toBe(204);
    expect(empty.headers.get('content-encoding')).toBeNull();
  });
});
