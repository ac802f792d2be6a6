// The request checks on their own: which origins may change state, and when cookies are Secure.
import { afterEach, describe, expect, it } from 'vitest';
import { isSecureRequest, originAllowed } from '../../src/server/auth-request.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['PUBLIC_ORIGIN', 'TRUST_PROXY']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

function request(method: string, headers: Record<string, string>) {
  return new Request('http://localhost:4321/api/x', { method, headers });
}

describe('originAllowed', () => {
  it('lets reads through and checks every state change against the Host addressed', () => {
    expect(originAllowed(request('GET', { origin: 'http://evil.example' }))).toBe(true);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(
        originAllowed(request(method, { host: 'lab.example', origin: 'https://lab.example' })),
      ).toBe(true);
      expect(
        originAllowed(request(method, { host: 'lab.example', origin: 'https://evil.example' })),
      ).toBe(false);
      // a look-alike host, a port that differs, an opaque origin
      expect(
        originAllowed(
          request(method, { host: 'lab.example', origin: 'https://lab.example.evil.example' }),
        ),
      ).toBe(false);
      expect(
        originAllowed(request(method, { host: 'lab.example', origin: 'https://lab.example:8443' })),
      ).toBe(false);
      expect(originAllowed(request(method, { host: 'lab.example', origin: 'null' }))).toBe(false);
      // no Origin: only a browser's own same-origin mark lets it through
      expect(originAllowed(request(method, { host: 'lab.example' }))).toBe(false);
      expect(
        originAllowed(request(method, { host: 'lab.example', 'sec-fetch-site': 'same-origin' })),
      ).toBe(true);
      expect(
        originAllowed(request(method, { host: 'lab.example', 'sec-fetch-site': 'cross-site' })),
      ).toBe(false);
    }
  });

  it('accepts the public origin a proxy serves the site under', () => {
    process.env['PUBLIC_ORIGIN'] = 'https://lab.example';
    expect(
      originAllowed(request('POST', { host: '10.0.0.5:4321', origin: 'https://lab.example' })),
    ).toBe(true);
    expect(
      originAllowed(request('POST', { host: '10.0.0.5:4321', origin: 'http://lab.example' })),
    ).toBe(false);
  });
});

describe('isSecureRequest', () => {
  const url = new URL('http://localhost:4321/');
  it('is not Secure over plain HTTP, whatever a client claims without TRUST_PROXY', () => {
    expect(isSecureRequest(request('POST', {}), url)).toBe(false);
    expect(isSecureRequest(request('POST', { 'x-forwarded-proto': 'https' }), url)).toBe(false);
  });
  it('is Secure behind a trusted HTTPS proxy, or with an https public origin', () => {
    process.env['TRUST_PROXY'] = '1';
    expect(isSecureRequest(request('POST', { 'x-forwarded-proto': 'https' }), url)).toBe(true);
    delete process.env['TRUST_PROXY'];
    process.env['PUBLIC_ORIGIN'] = 'https://lab.example';
    expect(isSecureRequest(request('POST', {}), url)).toBe(true);
    expect(isSecureRequest(request('POST', {}), new URL('https://lab.example/'))).toBe(true);
  });
});
