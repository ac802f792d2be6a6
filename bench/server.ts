// The server's figures: the progress API under 200 concurrent signed-in users (autocannon,
// p50/p99 latency, errors), and a burst of 300 submissions (time until all are graded, p95 of
// acknowledgement → verdict). On PGlite, and on PostgreSQL too when TEST_DATABASE_URL or
// BENCH_DATABASE_URL is set. Targets on the 2-core machine: p99 ≤ 200 ms with 0 errors; the
// burst graded with p95 ≤ 30 s. Figures only; nothing is asserted.
//
// The progress load is reads only: each user's first request reads the database, later ones
// come from the caches (sessions on both databases, progress on PGlite; see sessions.ts and
// progress.ts) until something of theirs changes. The burst measures the writing side.
import autocannon from 'autocannon';
import { ApiClient, exerciseFile, freshPostgresDatabase } from '../tests/helpers/api.ts';
import { startSite } from '../tests/helpers/server.ts';
import type { SiteOptions } from '../tests/helpers/server.ts';

const USERS = 200;
const WRITERS = 20;
const BURST = 300;
const BURST_USERS = 30;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function signUpMany(baseUrl: string, n: number, tag: string): Promise<ApiClient[]> {
  const clients: ApiClient[] = [];
  // a few at a time: argon2id is meant to be slow
  for (let i = 0; i < n; i += 8) {
    const batch = Array.from({ length: Math.min(8, n - i) }, async (_, j) => {
      const api = new ApiClient(baseUrl);
      await api.signUp(
        `bench-${tag}-${i + j}-${Date.now()}@example.com`,
        `user ${i + j}`,
        'bench password 1',
      );
      return api;
    });
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

async function progressUnderLoad(baseUrl: string, clients: ApiClient[]) {
  // some history, so that the progress query has rows to aggregate
  await Promise.all(
    clients.slice(0, 50).map((api) =>
      api.post('/api/attempts', {
        exerciseId: 'transformer/layer-norm',
        passed: false,
        score: 0.5,
        backend: 'webgpu',
      }),
    ),
  );
  let next = 0;
  const result = await autocannon({
    url: `${baseUrl}/api/progress`,
    connections: USERS,
    duration: 15,
    // each connection is one user with their own session
    setupClient: (client) => {
      client.setHeaders({ cookie: `session=${clients[next++ % clients.length]!.cookie}` });
    },
  });
  return result;
}

/**
 * The same load with writes in it: WRITERS users each record browser runs over one connection
 * while reading their progress over another (so their reads follow changes, and miss the
 * caches); the others, over the remaining connections, only read. 15 s.
 */
async function progressWithWrites(baseUrl: string, clients: ApiClient[]) {
  const writers = clients.slice(0, WRITERS);
  const readers = clients.slice(WRITERS, USERS - WRITERS);
  // one session per connection: setupClient runs once for each, in order
  const sessions = (group: ApiClient[]) => {
    let next = 0;
    return (client: { setHeaders(h: Record<string, string>): void }, more = {}) =>
      client.setHeaders({ cookie: `session=${group[next++ % group.length]!.cookie}`, ...more });
  };
  const readerSession = sessions(readers);
  const writerReads = sessions(writers);
  const writerRuns = sessions(writers);
  const [read, writersRead, written] = await Promise.all([
    autocannon({
      url: `${baseUrl}/api/progress`,
      connections: readers.length,
      duration: 15,
      setupClient: (client) => readerSession(client),
    }),
    autocannon({
      url: `${baseUrl}/api/progress`,
      connections: writers.length,
      duration: 15,
      setupClient: (client) => writerReads(client),
    }),
    autocannon({
      url: `${baseUrl}/api/attempts`,
      method: 'POST',
      body: JSON.stringify({
        exerciseId: 'transformer/layer-norm',
        passed: false,
        score: 0.25,
        backend: 'webgpu',
      }),
      connections: writers.length,
      duration: 15,
      setupClient: (client) =>
        writerRuns(client, { 'content-type': 'application/json', origin: baseUrl }),
    }),
  ]);
  return { read, writersRead, written };
}

async function burst(baseUrl: string) {
  const clients = await signUpMany(baseUrl, BURST_USERS, 'burst');
  const right = exerciseFile('transformer/layer-norm', 'solution');
  const wrong = exerciseFile('transformer/layer-norm', 'mistakes/unbiased-variance');
  const started = Date.now();
  const ids = await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const api = clients[i % clients.length]!;
      const posted = await api.post('/api/submissions', {
        exerciseId: 'transformer/layer-norm',
        code: `${i % 3 === 0 ? wrong : right}\n// ${i}\n`,
      });
      if (posted.status !== 202) throw new Error(`submission ${i}: ${posted.status}`);
      return { api, id: posted.body.id as number };
    }),
  );
  const acknowledgedMs = Date.now() - started;
  const latencies: number[] = [];
  for (const { api, id } of ids) {
    const verdict = await api.waitForVerdict(id, 30 * 60_000);
    latencies.push(new Date(verdict.gradedAt).getTime() - new Date(verdict.createdAt).getTime());
  }
  const allGradedMs = Date.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    acknowledgedMs,
    allGradedMs,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

const postgres = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
const kinds: Array<'pglite' | 'postgres'> = postgres ? ['pglite', 'postgres'] : ['pglite'];
console.log('\n# server');
for (const kind of kinds) {
  let options: SiteOptions = {};
  let drop: (() => Promise<void>) | undefined;
  if (kind === 'postgres') {
    const database = await freshPostgresDatabase();
    drop = database.drop;
    options = { databaseUrl: database.url };
  }
  const site = await startSite(options);
  try {
    const clients = await signUpMany(site.baseUrl, USERS, 'progress');
    const load = await progressUnderLoad(site.baseUrl, clients);
    console.log(
      `${kind}: GET /api/progress, ${USERS} concurrent users, 15 s: ` +
        `${load.requests.average.toFixed(0)} req/s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ` +
        `errors ${load.errors}, timeouts ${load.timeouts}, non-2xx ${load.non2xx} (target: p99 ≤ 200 ms, 0 errors)`,
    );
    const mixed = await progressWithWrites(site.baseUrl, clients);
    const results = [mixed.read, mixed.writersRead, mixed.written];
    const total = results.reduce((n, r) => n + r.requests.total, 0);
    console.log(
      `${kind}: the same with writes (${WRITERS} users record runs while reading their progress; ` +
        `${((mixed.written.requests.total / total) * 100).toFixed(0)} % of requests are writes): ` +
        `${(total / 15).toFixed(0)} req/s; readers p50 ${mixed.read.latency.p50} ms, p99 ` +
        `${mixed.read.latency.p99} ms; writers' reads p50 ${mixed.writersRead.latency.p50} ms, p99 ` +
        `${mixed.writersRead.latency.p99} ms; their runs p50 ${mixed.written.latency.p50} ms, p99 ` +
        `${mixed.written.latency.p99} ms; errors ${results.reduce((n, r) => n + r.errors, 0)}, ` +
        `non-2xx ${results.reduce((n, r) => n + r.non2xx, 0)}`,
    );
    const b = await burst(site.baseUrl);
    console.log(
      `${kind}: burst of ${BURST} submissions: all acknowledged in ${(b.acknowledgedMs / 1000).toFixed(1)} s, ` +
        `all graded in ${(b.allGradedMs / 1000).toFixed(1)} s; acknowledgement → verdict p50 ${(b.p50 / 1000).toFixed(1)} s, ` +
        `p95 ${(b.p95 / 1000).toFixed(1)} s (target: p95 ≤ 30 s)`,
    );
  } finally {
    await site.stop();
    await drop?.();
  }
}
