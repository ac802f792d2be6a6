import type { APIContext } from 'astro';

/** The client's address: the socket's, or X-Forwarded-For's first when TRUST_PROXY=1. */
export function clientAddress(context: APIContext): string {
  if (process.env['TRUST_PROXY'] === '1') {
    const forwarded = context.request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return context.clientAddress;
  } catch {
    return 'unknown';
  }
}
