// Accounts, sessions, the authorisation matrix, forgery and injection, against the real
// server (scripts/start.ts) on a real database: PGlite always, PostgreSQL with
// TEST_DATABASE_URL.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DATABASES, exerciseFile, freshPostgresDatabase } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

const PASSWORD = 'correct horse battery';

describe.each(DATABASES)('accounts on %s', (kind) => {
  let site: RunningSite;
  let dropDatabase: (() => Promise<void>) | undefined;
  let unique = 0;
  const email = (who: string) => `${who}-${Date.now()}-${unique++}@example.com`;
  const client = () => new ApiClient(site.baseUrl);

  // the operator's first step: staff accounts from the terminal, before the server runs
  // (an embedded database is one process's; the CLI refuses while the server has it open)
  const staff = { teacher: email('teacher'), admin: email('admin') };
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  const cliEnv = (): NodeJS.ProcessEnv =>
    databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir!, DATABASE_URL: '' };

  beforeAll(async () => {
    if (kind === 'postgres') {
      const database = await freshPostgresDatabase();
      dropDatabase = database.drop;
      databaseUrl = database.url;
    } else {
      dataDir = await mkdtemp(join(tmpdir(), 'attention-lab-data-'));
    }
    for (const [role, address] of Object.entries(staff)) {
      const made = await runCli(
        [
          'users',
          'create',
          '--email',
          address,
          '--name',
          role,
          '--password',
          PASSWORD,
          '--role',
          role,
        ],
        cliEnv(),
      );
      expect(made.stderr).toBe('');
      expect(made.stdout).toContain(`created ${address} (${role})`);
    }
    site = await startSite(databaseUrl ? { databaseUrl } : { dataDir: dataDir! });
  }, SITE_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await site?.stop();
    await dropDatabase?.();
  });

  describe('sign-up, sign-in and sessions', () => {
    it('signs up, knows the user, signs out, and signs in again', async () => {
      const api = client();
      const address = email('ann');
      const user = await api.signUp(address.toUpperCase(), 'Ann');
      expect(user).toMatchObject({ email: address, name: 'Ann', role: 'learner' });
      expect((await api.get('/api/me')).body.user.email).toBe(address);

      expect((await api.post('/api/auth/sign-out')).status).toBe(204);
      expect((await api.get('/api/me')).status).toBe(401);
      const again = await api.signIn(address);
      expect(again.status).toBe(200);
      expect((await api.get('/api/me')).body.user.id).toBe(user.id);
    });

    it('sets the cookie HttpOnly and SameSite=Lax, and not Secure over plain HTTP', async () => {
      const response = await client().post('/api/auth/sign-up', {
        email: email('cookie'),
        name: 'C',
        password: PASSWORD,
      });
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/i);
      // the token is random, 32 base32 characters
      expect(cookie).toMatch(/^session=[a-z2-7]{32};/);
    });

    it('refuses a stolen session token after its owner signed out', async () => {
      const owner = client();
      await owner.signUp(email('victim'));
      const thief = client();
      thief.cookie = owner.cookie;
      expect((await thief.get('/api/me')).status).toBe(200);
      await owner.post('/api/auth/sign-out');
      expect((await thief.get('/api/me')).status).toBe(401);
    });

    it('ends every session of the user when the password changes', async () => {
      const address = email('pw');
      const laptop = client();
      await laptop.signUp(address);
      const phone = client();
      expect((await phone.signIn(address)).status).toBe(200);

      const wrong = await laptop.post('/api/auth/password', {
        current: 'not it at all',
        next: 'a new password',
      });
      expect(wrong.status).toBe(403);
      const changed = await laptop.post('/api/auth/password', {
        current: PASSWORD,
        next: 'a new password',
      });
      expect(changed.status).toBe(200);
      // the phone's session is gone; the laptop got a new one
      expect((await phone.get('/api/me')).status).toBe(401);
      expect((await laptop.get('/api/me')).status).toBe(200);
      expect((await client().signIn(address, PASSWORD)).status).toBe(401);
      expect((await client().signIn(address, 'a new password')).status).toBe(200);
    });

    it('answers a wrong password and an unknown address alike', async () => {
      const address = email('known');
      await client().signUp(address);
      const wrongPassword = await client().signIn(address, 'wrong password!');
      const unknown = await client().signIn(email('unknown'), 'wrong password!');
      expect(wrongPassword.status).toBe(401);
      expect(unknown.status).toBe(wrongPassword.status);
      expect(unknown.body).toEqual(wrongPassword.body);
    });

    it('slows brute force: after 5 failures even the right password waits', async () => {
      const address = email('brute');
      await client().signUp(address);
      for (let i = 0; i < 5; i++) {
        expect((await client().signIn(address, `guess number ${i}`)).status).toBe(401);
      }
      const blocked = await client().signIn(address, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(blocked.body.error.code).toBe('too-many-attempts');
      // another account from the same address is not locked out by this one's failures
      const other = email('other');
      await client().signUp(other);
      expect((await client().signIn(other)).status).toBe(200);
    });
  });

  describe('request protection', () => {
    it('refuses a cross-origin POST, and one without Origin from a browser context', async () => {
      const api = client();
      await api.signUp(email('csrf'));
      const evil = new ApiClient(site.baseUrl, 'http://evil.example');
      evil.cookie = api.cookie;
      const forged = await evil.post('/api/submissions', {
        exerciseId: 'transformer/causal-mask',
        code: 'export function causalMask() {}',
      });
      expect(forged.status).toBe(403);
      expect(forged.body.error.code).toBe('cross-origin');
      const noOrigin = new ApiClient(site.baseUrl, null);
      noOrigin.cookie = api.cookie;
      expect((await noOrigin.post('/api/auth/sign-out')).status).toBe(403);
      // the session survived both
      expect((await api.get('/api/me')).status).toBe(200);
      expect((await api.get('/api/submissions')).body.submissions).toEqual([]);
    });

    it('answers bad input with a 4xx that says what was wrong, never a 5xx', async () => {
      const api = client();
      await api.signUp(email('bad'));
      const cases: Array<
        [string, string, { raw?: string; body?: unknown; headers?: Record<string, string> }, number]
      > = [
        ['POST', '/api/submissions', { raw: '{"exerciseId": ' }, 400],
        ['POST', '/api/submissions', { raw: 'null' }, 400],
        ['POST', '/api/submissions', { raw: '[]' }, 400],
        ['POST', '/api/submissions', { body: { exerciseId: 'no/such', code: '' } }, 400],
        [
          'POST',
          '/api/submissions',
          { body: { exerciseId: 'transformer/causal-mask', code: 42 } },
          400,
        ],
        [
          'POST',
          '/api/submissions',
          { body: { exerciseId: 'transformer/causal-mask', code: 'x'.repeat(64 * 1024 + 1) } },
          400,
        ],
        [
          'POST',
          '/api/submissions',
          { body: { exerciseId: 'transformer/causal-mask', code: 'x'.repeat(200 * 1024) } },
          413,
        ],
        [
          'POST',
          '/api/submissions',
          { raw: 'code=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          415,
        ],
        [
          'POST',
          '/api/attempts',
          {
            body: {
              exerciseId: 'transformer/causal-mask',
              passed: 'yes',
              score: 2,
              backend: 'cpu',
            },
          },
          400,
        ],
        ['POST', '/api/progress/merge', { body: { attempts: 'all of them' } }, 400],
        [
          'POST',
          '/api/auth/sign-up',
          { body: { email: 'not an email', name: 'x', password: PASSWORD } },
          400,
        ],
        [
          'POST',
          '/api/auth/sign-up',
          { body: { email: email('short'), name: 'x', password: 'short' } },
          400,
        ],
        ['POST', '/api/auth/sign-in', { body: { email: ['a'], password: {} } }, 400],
        ['GET', '/api/submissions/not-a-number', {}, 404],
        ['GET', '/api/submissions/99999999999999999999', {}, 404],
        ['GET', '/api/submissions/0', {}, 404],
        ['GET', '/api/submissions?exercise=%27%20or%201%3D1', {}, 400],
        ['DELETE', '/api/tokens/xyz', {}, 404],
      ];
      for (const [method, path, init, status] of cases) {
        const response = await api.request(method, path, init.body, init);
        expect({ method, path, status: response.status }).toEqual({ method, path, status });
        expect(typeof response.body?.error?.message).toBe('string');
      }
      // the size limit names the limit
      const big = await api.post('/api/submissions', {
        exerciseId: 'transformer/causal-mask',
        code: '/'.repeat(64 * 1024 + 1),
      });
      expect(big.body.error.message).toContain('64 KB');
    });
  });

  describe('who may see and change what', () => {
    const users: Record<string, ApiClient> = {};
    let annSubmission: number;
    let annToken: { id: string; token: string };

    beforeAll(async () => {
      for (const who of ['ann', 'bob']) {
        users[who] = client();
        await users[who].signUp(email(who), who);
      }
      for (const [who, address] of Object.entries(staff)) {
        users[who] = client();
        expect((await users[who].signIn(address)).body.user.role).toBe(who);
      }
      const posted = await users['ann']!.post('/api/submissions', {
        exerciseId: 'transformer/causal-mask',
        code: exerciseFile('transformer/causal-mask', 'solution'),
      });
      annSubmission = posted.body.id;
      annToken = (await users['ann']!.post('/api/tokens', { name: 'laptop' })).body;
    }, 120_000);

    it('keeps each learner to their own submissions, progress and tokens', async () => {
      const ann = users['ann']!;
      const bob = users['bob']!;
      expect((await ann.get(`/api/submissions/${annSubmission}`)).status).toBe(200);
      // another's submission is as absent as one that does not exist
      const peek = await bob.get(`/api/submissions/${annSubmission}`);
      expect(peek.status).toBe(404);
      expect(JSON.stringify(peek.body)).not.toContain('causalMask');
      expect((await bob.get('/api/submissions')).body.submissions).toEqual([]);
      const bobProgress = (await bob.get('/api/progress')).body.exercises;
      expect(bobProgress.every((e: { submissions: number }) => e.submissions === 0)).toBe(true);
      // nor can bob remove ann's token, or see it
      expect((await bob.request('DELETE', `/api/tokens/${annToken.id}`)).status).toBe(404);
      expect((await bob.get('/api/tokens')).body.tokens).toEqual([]);
      expect((await ann.get('/api/tokens')).body.tokens).toHaveLength(1);
    });

    it('keeps learners and teachers out of admin routes, and lets an admin in', async () => {
      for (const who of ['ann', 'teacher']) {
        expect((await users[who]!.get('/api/admin/users')).status).toBe(403);
        const promote = await users[who]!.post('/api/admin/users', {
          id: (await users[who]!.get('/api/me')).body.user.id,
          role: 'admin',
        });
        expect(promote.status).toBe(403);
      }
      expect((await users['ann']!.get('/api/me')).body.user.role).toBe('learner');
      const list = await users['admin']!.get('/api/admin/users');
      expect(list.status).toBe(200);
      expect(list.body.users.length).toBeGreaterThanOrEqual(4);
      // an admin cannot change their own role (nobody might be left to administer)
      const self = (await users['admin']!.get('/api/me')).body.user;
      const demote = await users['admin']!.post('/api/admin/users', { id: self.id, role: 'learner' });
      expect(demote.status).toBe(409);
      expect(demote.body.error.code).toBe('own-role');
      expect((await users['admin']!.get('/api/me')).body.user.role).toBe('admin');

      // a role change reaches the user's very next request (no session remembers the old one)
      const carl = client();
      await carl.signUp(email('carl'));
      const carlId = (await carl.get('/api/me')).body.user.id;
      expect((await carl.get('/api/classes')).status).toBe(200);
      expect((await carl.post('/api/classes', { name: 'not yet' })).status).toBe(403);
      expect((await users['admin']!.post('/api/admin/users', { id: carlId, role: 'teacher' })).status).toBe(200);
      expect((await carl.get('/api/me')).body.user.role).toBe('teacher');
      expect((await carl.post('/api/classes', { name: 'now' })).status).toBe(201);
      expect((await users['admin']!.post('/api/admin/users', { id: carlId, role: 'learner' })).status).toBe(200);
      expect((await carl.post('/api/classes', { name: 'no more' })).status).toBe(403);
    });

    it('answers 401 to a signed-out client on every personal route', async () => {
      const anonymous = client();
      for (const [method, path] of [
        ['GET', '/api/me'],
        ['GET', '/api/progress'],
        ['GET', '/api/submissions'],
        ['GET', `/api/submissions/${annSubmission}`],
        ['POST', '/api/submissions'],
        ['POST', '/api/attempts'],
        ['POST', '/api/progress/merge'],
        ['GET', '/api/tokens'],
        ['POST', '/api/tokens'],
        ['GET', '/api/admin/users'],
      ] as const) {
        const response = await anonymous.request(method, path, method === 'POST' ? {} : undefined);
        expect({ path, status: response.status }).toEqual({ path, status: 401 });
      }
    });

    it('lets an API token submit from the terminal, and not after it is deleted', async () => {
      const file = await writeTemp(
        'layer-norm.ts',
        exerciseFile('transformer/layer-norm', 'solution'),
      );
      const result = await runCli([
        'submit',
        '--server',
        site.baseUrl,
        '--token',
        annToken.token,
        '--exercise',
        'transformer/layer-norm',
        file,
      ]);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/submitted: #\d+/);
      expect(result.stdout).toContain('PASSED score 100%');
      expect(result.code).toBe(0);

      const standing = (await users['ann']!.get('/api/progress')).body.exercises.find(
        (e: { id: string }) => e.id === 'transformer/layer-norm',
      );
      expect(standing).toMatchObject({ passed: true, bestScore: 1, submissions: 1, runs: 0 });
      expect(standing.lastSubmission).toMatchObject({ state: 'graded', score: 1 });

      const tokenClient = new ApiClient(site.baseUrl, null);
      tokenClient.token = annToken.token;
      expect((await tokenClient.get('/api/me')).body.user.name).toBe('ann');
      // a token cannot make more tokens: that takes a signed-in browser
      expect((await tokenClient.post('/api/tokens', { name: 'more' })).status).toBe(403);
      expect((await users['ann']!.request('DELETE', `/api/tokens/${annToken.id}`)).status).toBe(
        204,
      );
      expect((await tokenClient.get('/api/me')).status).toBe(401);
      const refused = await runCli([
        'submit',
        '--server',
        site.baseUrl,
        '--token',
        annToken.token,
        '--exercise',
        'transformer/layer-norm',
        file,
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('401');
    }, 120_000);
  });

  describe('forgery and injection', () => {
    it('does not believe a client that says "passed" for wrong code', async () => {
      const api = client();
      await api.signUp(email('forger'));
      const wrong = exerciseFile('transformer/layer-norm', 'mistakes/eps-outside-sqrt');
      const posted = await api.post('/api/submissions', {
        exerciseId: 'transformer/layer-norm',
        code: wrong,
        passed: true,
        score: 1,
        state: 'graded',
      });
      expect(posted.status).toBe(202);
      const verdict = await api.waitForVerdict(posted.body.id);
      expect(verdict.state).toBe('graded');
      expect(verdict.passed).toBe(false);
      expect(verdict.score).toBeLessThan(1);
      expect(verdict.diagnosis?.mistake).toBe('eps-outside-sqrt');
      expect(verdict.graderVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(Number.isInteger(verdict.seed)).toBe(true);
      // a browser run that claims a pass is statistics, not a score
      await api.post('/api/attempts', {
        exerciseId: 'transformer/layer-norm',
        passed: true,
        score: 1,
        backend: 'webgpu',
      });
      const row = (await api.get('/api/progress')).body.exercises.find(
        (e: { id: string }) => e.id === 'transformer/layer-norm',
      );
      expect(row).toMatchObject({ passed: false, runs: 1, submissions: 1 });
      expect(row.bestScore).toBeLessThan(1);
    }, 120_000);

    it('stores markup and SQL-looking input as plain data', async () => {
      const api = client();
      const name = `Robert'); DROP TABLE users; -- <script>alert(1)</script>`;
      const user = await api.signUp(email('bobby'), name);
      expect(user.name).toBe(name);
      const code = `// '; DELETE FROM submissions; --\n// <img src=x onerror=alert(1)>\nexport function causalMask() { return null; }`;
      const verdict = await api.submitAndWait('transformer/causal-mask', code);
      expect(verdict.code).toBe(code);
      expect(verdict.passed).toBe(false);
      const sneaky = await api.post('/api/submissions', { exerciseId: "x' OR '1'='1", code: '' });
      expect(sneaky.status).toBe(400);
      const signIn = await client().signIn(`' OR 1=1 --@example.com`, "' OR '1'='1");
      expect(signIn.status).toBe(400);
      // everything is still there
      expect((await api.get('/api/me')).body.user.name).toBe(name);
      expect((await api.get('/api/submissions')).body.submissions).toHaveLength(1);
    }, 120_000);
  });
});

async function writeTemp(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'attention-lab-submit-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}
