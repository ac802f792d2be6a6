// Two servers sharing one PostgreSQL database each keep the sessions they validated in
// memory. A sign-out, a password change or a role change on one (or from the CLI, another
// process) reaches the other through LISTEN/NOTIFY; a server that lost its listening
// connection forgets every session and reads them from the database until it listens again.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, freshPostgresDatabase } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

const LISTENERS = `select pid from pg_stat_activity
  where datname = current_database() and application_name = 'attention-lab listen attention_lab_sessions'`;

describe.runIf(process.env['TEST_DATABASE_URL'])('sessions across servers on PostgreSQL', () => {
  let url: string;
  let drop: () => Promise<void>;
  let a: RunningSite;
  let b: RunningSite;
  let sql: pg.Client;

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresDatabase());
    a = await startSite({ databaseUrl: url });
    b = await startSite({ databaseUrl: url });
    sql = new pg.Client({ connectionString: url });
    await sql.connect();
    await waitFor(async () => (await sql.query(LISTENERS)).rowCount === 2, 'both servers listen');
  }, SITE_TIMEOUT_MS * 2);

  afterAll(async () => {
    await sql?.end();
    await a?.stop();
    await b?.stop();
    await drop?.();
  });

  /** The same browser session, sent to server B. */
  function onB(client: ApiClient): ApiClient {
    const other = new ApiClient(b.baseUrl);
    other.cookie = client.cookie;
    return other;
  }

  async function waitFor(test: () => Promise<boolean>, what: string, ms = 5_000) {
    const deadline = Date.now() + ms;
    while (!(await test())) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('a sign-out on one server ends the session on the other', async () => {
    const ann = new ApiClient(a.baseUrl);
    await ann.signUp(`ann-${Date.now()}@example.com`, 'ann');
    const annOnB = onB(ann);
    // read, and so cached, by B
    for (let i = 0; i < 3; i++) expect((await annOnB.get('/api/me')).status).toBe(200);
    const stolen = ann.cookie;
    expect((await ann.post('/api/auth/sign-out')).status).toBeLessThan(300);
    const thief = new ApiClient(b.baseUrl);
    thief.cookie = stolen;
    const ended = Date.now();
    await waitFor(async () => (await thief.get('/api/me')).status === 401, 'B refuses the token');
    // NOTIFY is delivered at once; the poll above takes a round trip or two
    expect(Date.now() - ended).toBeLessThan(2_000);
  });

  it('a password change on one server, and a role change from the CLI, reach the other', async () => {
    const email = `bob-${Date.now()}@example.com`;
    const bob = new ApiClient(a.baseUrl);
    await bob.signUp(email, 'bob', 'first password 1');
    const bobOnB = onB(bob);
    expect((await bobOnB.get('/api/me')).body.user.role).toBe('learner');

    const cli = await runCli(['users', 'role', '--email', email, '--role', 'teacher'], {
      DATABASE_URL: url,
    });
    expect(cli.code, cli.stderr).toBe(0);
    await waitFor(
      async () => (await bobOnB.get('/api/me')).body.user?.role === 'teacher',
      'B sees the new role',
    );

    const changed = await bob.post('/api/auth/password', {
      current: 'first password 1',
      next: 'second password 2',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);
    await waitFor(async () => (await bobOnB.get('/api/me')).status === 401, 'B ends the session');
  });

  it('a server that stops hearing forgets, and caches again once it listens', async () => {
    const cy = new ApiClient(a.baseUrl);
    await cy.signUp(`cy-${Date.now()}@example.com`, 'cy');
    const cyOnB = onB(cy);
    expect((await cyOnB.get('/api/me')).status).toBe(200);
    // both servers lose their listening connection (a restart of PostgreSQL, a network cut)
    const cut = await sql.query(`select pg_terminate_backend(pid) from (${LISTENERS}) l`);
    expect(cut.rowCount).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // a sign-out that B cannot hear of: it must not answer from memory
    const token = cy.cookie;
    expect((await cy.post('/api/auth/sign-out')).status).toBeLessThan(300);
    const thief = new ApiClient(b.baseUrl);
    thief.cookie = token;
    expect((await thief.get('/api/me')).status).toBe(401);
    // and they listen again, and hear again
    await waitFor(async () => (await sql.query(LISTENERS)).rowCount === 2, 'both listen again');
    const dee = new ApiClient(a.baseUrl);
    await dee.signUp(`dee-${Date.now()}@example.com`, 'dee');
    const deeOnB = onB(dee);
    expect((await deeOnB.get('/api/me')).status).toBe(200);
    expect((await dee.post('/api/auth/sign-out')).status).toBeLessThan(300);
    await waitFor(async () => (await deeOnB.get('/api/me')).status === 401, 'B hears again');
  });
});
