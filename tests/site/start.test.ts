// End-to-end check of `npm start`: scripts/start.ts builds the site when needed (the global
// setup has built it), then serves it on the HOST and PORT it is given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

describe('npm start (scripts/start.ts)', () => {
  let site: RunningSite;

  beforeAll(async () => {
    site = await startSite();
  }, SITE_TIMEOUT_MS);

  afterAll(() => site?.stop());

  it('serves the Chinese home page at / and the English one at /en/', async () => {
    const zh = await fetch(`${site.baseUrl}/`);
    const en = await fetch(`${site.baseUrl}/en/`);

    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toMatch(/text\/html/);
    expect(await zh.text()).toContain('注意力实验室');
    expect(en.status).toBe(200);
    expect(await en.text()).toContain('Attention Lab');
  });

  it('answers /healthz with { ok: true } as JSON', async () => {
    const response = await fetch(`${site.baseUrl}/healthz`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('serves every exercise page in both locales, and its pack', async () => {
    const zh = await fetch(`${site.baseUrl}/exercises/transformer/layer-norm/`);
    const en = await fetch(`${site.baseUrl}/en/exercises/transformer/layer-norm/`);
    const pack = await fetch(`${site.baseUrl}/packs/transformer/layer-norm.json`);

    expect(zh.status).toBe(200);
    expect(await zh.text()).toContain('层归一化');
    expect(en.status).toBe(200);
    expect(await en.text()).toContain('Layer normalisation');
    expect(pack.status).toBe(200);
    expect(((await pack.json()) as { exercise: string }).exercise).toBe('transformer/layer-norm');
  });
});
