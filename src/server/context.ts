// What a server process holds once: the database (migrated) and, when this process grades,
// its grading worker. scripts/serve.ts boots it before Astro's handler loads; the handler's
// endpoints (bundled separately by Vite) find the same instance through a global symbol, so
// one process never opens PGlite twice.
import { openDatabase, optionsFromEnv } from '../../db/client.ts';
import type { Database } from '../../db/client.ts';
import { refreshStaleStandings } from './homework/standings-table.ts';
import { cacheProgress } from './progress.ts';
import { requeueRunningJobs } from './queue.ts';
import { cacheSessions, heardSessionChange, SESSION_CHANNEL } from './sessions.ts';

export interface ServerContext {
  database: Database;
  /** Tells this process's grading worker, if any, that a job is waiting. */
  wakeWorker(): void;
  close(): Promise<void>;
}

const KEY = Symbol.for('attention-lab.server-context');
const MAINTAIN_EVERY_MS = 60 * 60_000;
type Holder = { [KEY]?: Promise<ServerContext> };
const holder = globalThis as Holder;

export interface BootOptions {
  /** Grade in this process (default: yes with PGlite, GRADE_IN_PROCESS!=0 with PostgreSQL). */
  grade?: boolean;
  log?: (line: string) => void;
}

async function boot(options: BootOptions): Promise<ServerContext> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const database = await openDatabase(optionsFromEnv());
  log(`database: ${database.kind} at ${database.location}, migrated in ${Date.now() - started} ms`);
  let maintenance: NodeJS.Timeout | undefined;
  if (database.maintain) {
    // what autovacuum would do on a server: at start, then hourly (a few hundred ms each)
    log(`database: vacuumed and analyzed in ${(await database.maintain()).toFixed(0)} ms`);
    maintenance = setInterval(() => {
      database.maintain!().catch((error: Error) =>
        log(`database: vacuum failed: ${error.message}`),
      );
    }, MAINTAIN_EVERY_MS);
    maintenance.unref();
  }
  // homework standings stored by an older version of the rules (or before they were stored)
  const recomputing = Date.now();
  const recomputed = await refreshStaleStandings(database.db);
  if (recomputed > 0) {
    log(
      `homework: standings of ${recomputed} assignment(s) recomputed in ${Date.now() - recomputing} ms`,
    );
  }
  // PGlite's folder is locked to this process, so every session and progress change passes
  // through it
  cacheSessions(database.kind === 'pglite');
  // with PostgreSQL, other servers end sessions too: cache only while hearing of it
  database.listen?.(SESSION_CHANNEL, heardSessionChange, cacheSessions);
  cacheProgress(database.kind === 'pglite');
  const grade =
    options.grade ?? (database.kind === 'pglite' || process.env['GRADE_IN_PROCESS'] !== '0');
  if (!grade) {
    return {
      database,
      wakeWorker: () => {},
      close: () => {
        clearInterval(maintenance);
        return database.close();
      },
    };
  }
  if (database.kind === 'pglite') {
    // one process holds an embedded database, so its running jobs were this process's own,
    // cut off by a crash or a kill: they go back in the queue at once
    const requeued = await requeueRunningJobs(database.db);
    if (requeued > 0) log(`grading: ${requeued} interrupted job(s) queued again`);
  }
  const { startGradingWorker } = await import('./grading-worker.ts');
  const worker = startGradingWorker(database.db, { log });
  return {
    database,
    wakeWorker: () => worker.wake(),
    async close() {
      clearInterval(maintenance);
      await worker.stop();
      await database.close();
    },
  };
}

/** The process's context, booted on first use. */
export function serverContext(options: BootOptions = {}): Promise<ServerContext> {
  holder[KEY] ??= boot(options);
  return holder[KEY];
}
