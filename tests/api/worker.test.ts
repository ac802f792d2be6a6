// `npm run worker`: graders as separate processes sharing the PostgreSQL queue with a web
// server that does not grade itself. Needs TEST_DATABASE_URL; with PGlite the worker refuses.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, exerciseFile, freshPostgresDatabase } from '../helpers/api.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

describe('npm run worker', () => {
  it('refuses to run on the embedded database, and says why', () => {
    const result = spawnSync('npm', ['run', '--silent', 'worker'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('set DATABASE_URL');
  });

  describe.runIf(process.env['TEST_DATABASE_URL'])('on PostgreSQL', () => {
    let site: RunningSite | undefined;
    const workers: ChildProcess[] = [];
    let drop: (() => Promise<void>) | undefined;

    afterAll(async () => {
      for (const worker of workers) {
        if (worker.exitCode === null) {
          worker.kill('SIGTERM');
          await once(worker, 'exit');
        }
      }
      await site?.stop();
      await drop?.();
    });

    it(
      'grades what a non-grading web server queued, in two worker processes',
      async () => {
        const database = await freshPostgresDatabase();
        drop = database.drop;
        site = await startSite({ databaseUrl: database.url, env: { GRADE_IN_PROCESS: '0' } });
        const api = new ApiClient(site.baseUrl);
        await api.signUp(`worker-${Date.now()}@example.com`);
        const ids: number[] = [];
        for (let i = 0; i < 6; i++) {
          const posted = await api.post('/api/submissions', {
            exerciseId: 'transformer/layer-norm',
            code: exerciseFile('transformer/layer-norm', 'solution') + `\n// ${i}\n`,
          });
          ids.push(posted.body.id);
        }
        // nobody grades yet
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect((await api.get(`/api/submissions/${ids[0]}`)).body.submission.state).toBe('queued');

        let logs = '';
        for (let i = 0; i < 2; i++) {
          const worker = spawn(process.execPath, ['scripts/worker.ts'], {
            cwd: ROOT,
            env: { ...process.env, DATABASE_URL: database.url, GRADER_WORKERS: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          worker.stdout!.on('data', (d: Buffer) => (logs += d.toString()));
          worker.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
          workers.push(worker);
        }
        for (const id of ids) {
          const verdict = await api.waitForVerdict(id, 120_000);
          expect(verdict, logs).toMatchObject({ state: 'graded', passed: true });
        }
        // a worker stops cleanly on SIGTERM
        const first = workers[0]!;
        first.kill('SIGTERM');
        const [code] = await once(first, 'exit');
        expect(code).toBe(0);
      },
      SITE_TIMEOUT_MS + 180_000,
    );
  });
});
