// Opens the database: PGlite on disk by default (DATA_DIR, else ./data), a PostgreSQL server
// when DATABASE_URL is set. Both speak PostgreSQL, with the one schema of db/schema.ts, and
// both are migrated from db/migrations when opened.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives: a folder for PGlite, the server (without password) for PostgreSQL. */
  location: string;
  /**
   * PostgreSQL only: LISTENs on `channel` over a connection of its own, kept open (reconnected
   * a second after it is lost) until close. `listening(true)` once it listens, `listening(false)`
   * when the connection is lost: notifications sent meanwhile are not heard.
   */
  listen?(
    channel: string,
    heard: (payload: string) => void,
    listening: (on: boolean) => void,
  ): void;
  /**
   * PGlite only: VACUUM ANALYZE, which a PostgreSQL server's autovacuum does by itself and
   * PGlite (one process, no background workers) never does: without it the planner has no
   * statistics (a join of two small tables became a 1.6-million-row nested loop) and dead
   * rows are never reclaimed. Answers the milliseconds it took (~400 with 108,000 submissions).
   */
  maintain?(): Promise<number>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… ; when absent, PGlite in `dataDir`. */
  url?: string | undefined;
  dataDir?: string | undefined;
  /** Connections in the pool (PostgreSQL only). */
  poolSize?: number;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
// any constant will do: it only has to be the same in every process that migrates
const MIGRATION_LOCK = 0x61746c61;

/** The options the environment gives: DATABASE_URL, else DATA_DIR, else ./data. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return {
    url: env['DATABASE_URL'] || undefined,
    dataDir: env['DATA_DIR'] || resolve(process.cwd(), 'data'),
  };
}

export async function openDatabase(options: OpenOptions = optionsFromEnv()): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize) : openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dataDir = resolve(options.dataDir ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  let client;
  try {
    client = await PGlite.create(dataDir);
    await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS });
  } catch (error) {
    await client?.close();
    unlock();
    throw error;
  }
  const open = client;
  return {
    db: drizzle({ client: open, schema }) as unknown as Db,
    kind: 'pglite',
    location: dataDir,
    async maintain() {
      const started = performance.now();
      await open.exec('vacuum analyze');
      return performance.now() - started;
    },
    async close() {
      await open.close();
      unlock();
    },
  };
}

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

/**
 * PGlite is one process's database: a second process writing the same folder would corrupt
 * it. A lock file beside the folder names the process that has it open; a lock left by a
 * process that no longer runs (killed) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lock = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lock, 'utf8'));
      if (pid > 0 && pid !== process.pid && isRunning(pid)) {
        throw new DatabaseInUseError(
          `the embedded database in ${dataDir} is open in process ${pid} (the server?); ` +
            'stop it first, or use a PostgreSQL server (DATABASE_URL) to share one database',
        );
      }
      rmSync(lock, { force: true });
    }
  }
  throw new DatabaseInUseError(`cannot lock ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // a killed process nobody has reaped yet (a zombie) still answers signal 0
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // no /proc (not Linux): believe the signal
    return true;
  }
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // an idle client's error (the server restarted, say) must not end the process
  pool.on('error', (error) => console.error('database: idle connection lost:', error.message));
  // several servers and workers may start at once: one migrates, the others wait for it
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS });
  } catch (error) {
    client.release();
    await pool.end();
    throw error;
  }
  await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  client.release();
  const location = new URL(url);
  location.password = '';
  const listeners: { stop(): Promise<void> }[] = [];
  return {
    db: drizzle({ client: pool, schema }) as unknown as Db,
    kind: 'postgres',
    location: location.toString(),
    listen(channel, heard, listening) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
      let stopped = false;
      let current: InstanceType<typeof pg.Client> | null = null;
      let retry: NodeJS.Timeout | undefined;
      const lost = (client: InstanceType<typeof pg.Client>) => {
        if (current !== client) return;
        current = null;
        listening(false);
        client.end().catch(() => {});
        if (!stopped) retry = setTimeout(connect, 1000);
      };
      const connect = () => {
        const client = new pg.Client({
          connectionString: url,
          application_name: `attention-lab listen ${channel}`,
        });
        current = client;
        client.on('notification', (message) => {
          if (message.channel === channel) heard(message.payload ?? '');
        });
        client.on('error', () => lost(client));
        client.on('end', () => lost(client));
        client
          .connect()
          .then(() => client.query(`LISTEN ${channel}`))
          .then(() => {
            if (current === client && !stopped) listening(true);
          })
          .catch(() => lost(client));
      };
      connect();
      listeners.push({
        async stop() {
          stopped = true;
          clearTimeout(retry);
          const client = current;
          current = null;
          if (client) {
            listening(false);
            await client.end().catch(() => {});
          }
        },
      });
    },
    async close() {
      await Promise.all(listeners.map((l) => l.stop()));
      await pool.end();
    },
  };
}
