// Starts the site as a user would, `node scripts/start.ts` with HOST and PORT, and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './fixtures.ts';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 180_000; // a cold build on a 2-core machine is the slow part
const STOP_TIMEOUT_MS = 10_000;

/** A port that was free a moment ago: the kernel picks one for a listener on port 0. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, HOST);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers, failing early if `child` exits first. */
async function waitUntilServing(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`start.ts exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      // not listening yet
      await sleep(500);
    }
  }
  throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS} ms:\n${log()}`);
}

/** SIGTERM, then SIGKILL if the child has not exited after STOP_TIMEOUT_MS. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

export interface RunningSite {
  baseUrl: string;
  /** The embedded database's folder (a fresh temporary one unless given). */
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: no shutdown code runs. */
  kill(): Promise<void>;
}

export interface SiteOptions {
  /** PGlite folder to use (kept); default: a new temporary folder. */
  dataDir?: string;
  /** A PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  /** More environment for the server. */
  env?: Record<string, string>;
  port?: number;
}

/** `node scripts/start.ts` on a free port; resolves once /healthz answers. */
export async function startSite(options: SiteOptions = {}): Promise<RunningSite> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://${HOST}:${port}`;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'attention-lab-data-'));
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST,
    PORT: String(port),
    DATA_DIR: dataDir,
    ...options.env,
  };
  delete env['DATABASE_URL'];
  if (options.databaseUrl) env['DATABASE_URL'] = options.databaseUrl;
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group, so that kill() reaches the server and its graders too
    detached: true,
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  try {
    await waitUntilServing(`${baseUrl}/healthz`, child, () => output);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return {
    baseUrl,
    dataDir,
    output: () => output,
    stop: () => stop(child),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      // start.ts runs the server (and it the graders) in child processes: kill the group
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
  };
}

export const SITE_TIMEOUT_MS = READY_TIMEOUT_MS + 30_000;
