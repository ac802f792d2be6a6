// A JSON client for the API that keeps its session cookie like a browser, and sends the
// Origin a browser on the site would send (or another one, to test the origin check).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from './fixtures.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  readonly baseUrl: string;
  readonly origin: string | null;
  cookie: string | null = null;
  token: string | null = null;

  constructor(baseUrl: string, origin: string | null = baseUrl) {
    this.baseUrl = baseUrl;
    this.origin = origin;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    init: { headers?: Record<string, string>; raw?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (body !== undefined || init.raw !== undefined) {
      headers['content-type'] ??= 'application/json';
    }
    if (this.origin && method !== 'GET') headers['origin'] ??= this.origin;
    if (this.cookie) headers['cookie'] = `session=${this.cookie}`;
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      redirect: 'manual',
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
    if (setCookie) {
      const value = setCookie.slice('session='.length).split(';')[0]!;
      this.cookie = value === '' ? null : value;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: the test sees the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }

  async signUp(email: string, name = 'Learner', password = 'correct horse battery') {
    const response = await this.post('/api/auth/sign-up', { email, name, password });
    if (response.status !== 201)
      throw new Error(`sign-up: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.user as { id: string; email: string; name: string; role: string };
  }

  signIn(email: string, password = 'correct horse battery') {
    return this.post('/api/auth/sign-in', { email, password });
  }

  /** Submits and waits for the server's verdict. */
  async submitAndWait(exerciseId: string, code: string, timeoutMs = 90_000) {
    const posted = await this.post('/api/submissions', { exerciseId, code });
    if (posted.status !== 202)
      throw new Error(`submit: ${posted.status} ${JSON.stringify(posted.body)}`);
    return this.waitForVerdict(posted.body.id as number, timeoutMs);
  }

  async waitForVerdict(id: number, timeoutMs = 90_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = await this.get(`/api/submissions/${id}`);
      if (got.status !== 200) throw new Error(`submission ${id}: ${got.status}`);
      if (got.body.submission.state !== 'queued') return got.body.submission;
      if (Date.now() > deadline) throw new Error(`submission ${id} not graded in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** An exercise's reference solution or a catalogued mistake, as a learner would send it. */
export function exerciseFile(id: string, file: string): string {
  return readFileSync(join(ROOT, 'graders/exercises', id, `${file}.ts`), 'utf8');
}

/** The databases a server suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DATABASES: Array<'pglite' | 'postgres'> = process.env['TEST_DATABASE_URL']
  ? ['pglite', 'postgres']
  : ['pglite'];

/**
 * A new, empty database on the TEST_DATABASE_URL server, for one suite; drop() removes it.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env['TEST_DATABASE_URL'];
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `attention_lab_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
