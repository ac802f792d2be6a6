// Crash safety: the server is killed with SIGKILL during a burst of submissions and started
// again on the same database; every submission it acknowledged (202) is there and graded.
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, DATABASES, exerciseFile, freshPostgresDatabase } from '../helpers/api.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite, SiteOptions } from '../helpers/server.ts';

const BURST = 40;
const KILL_AFTER = 12;

describe.each(DATABASES)('kill -9 during a burst, on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it(
    'keeps and grades every acknowledged submission',
    async () => {
      let options: SiteOptions;
      if (kind === 'postgres') {
        const database = await freshPostgresDatabase();
        cleanups.push(database.drop);
        options = { databaseUrl: database.url };
      } else {
        options = {};
      }
      // a short lease, so that the jobs the dead server held are taken again soon (PostgreSQL;
      // PGlite puts them back at start)
      options.env = { GRADING_LEASE_MS: '5000' };
      let site: RunningSite = await startSite(options);
      cleanups.push(() => site.stop());
      options.dataDir = site.dataDir;

      const api = new ApiClient(site.baseUrl);
      await api.signUp(`crash-${kind}-${Date.now()}@example.com`);
      const right = exerciseFile('transformer/causal-mask', 'solution');
      const wrong = exerciseFile('transformer/causal-mask', 'mistakes/diagonal-blocked');

      const acknowledged = new Map<number, boolean>();
      let killed: Promise<void> | undefined;
      const burst = Array.from({ length: BURST }, async (_, i) => {
        const passes = i % 2 === 0;
        try {
          const response = await api.post('/api/submissions', {
            exerciseId: 'transformer/causal-mask',
            code: `${passes ? right : wrong}\n// submission ${i}\n`,
          });
          if (response.status === 202) acknowledged.set(response.body.id, passes);
          else throw new Error(`unexpected ${response.status}`);
        } catch (error) {
          // a request the dead server never answered was never acknowledged
          if (!killed) throw error;
        }
        if (acknowledged.size >= KILL_AFTER && !killed) killed = site.kill();
      });
      await Promise.all(burst);
      await killed;
      expect(killed, 'the server was killed during the burst').toBeDefined();
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);

      site = await startSite(options);
      const restarted = new ApiClient(site.baseUrl);
      restarted.cookie = api.cookie;
      // the kill came before the queue drained: the restarted server has grading to do
      const before = await Promise.all(
        [...acknowledged.keys()].map(
          async (id) => (await restarted.get(`/api/submissions/${id}`)).body,
        ),
      );
      expect(before.every((body) => body.submission)).toBe(true);
      expect(before.filter((body) => body.submission.state === 'queued').length).toBeGreaterThan(0);
      for (const [id, passes] of acknowledged) {
        const verdict = await restarted.waitForVerdict(id, 180_000);
        expect({ id, state: verdict.state, passed: verdict.passed }).toEqual({
          id,
          state: 'graded',
          passed: passes,
        });
      }
      const listed = (await restarted.get('/api/submissions')).body.submissions as Array<{
        id: number;
      }>;
      const ids = new Set(listed.map((s) => s.id));
      for (const id of acknowledged.keys()) expect(ids.has(id)).toBe(true);
    },
    SITE_TIMEOUT_MS * 2 + 240_000,
  );
});
