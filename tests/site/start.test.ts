// End-to-end check of `npm start`: scripts/start.ts builds the site when needed, then serves it
// on the HOST and PORT it is given.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 120_000; // a cold build on a 2-core machine is the slow part
const STOP_TIMEOUT_MS = 10_000;

/** A port that was free a moment ago: the kernel picks one for a listener on port 0. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, HOST);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

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

describe('npm start (scripts/start.ts)', () => {
  let child: ChildProcess | undefined;
  let baseUrl = '';
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://${HOST}:${port}`;
    child = spawn(process.execPath, ['scripts/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, HOST, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await waitUntilServing(`${baseUrl}/healthz`, child, () => output);
  }, READY_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    if (child) await stop(child);
  }, STOP_TIMEOUT_MS + 5_000);

  it('serves the Chinese home page at / and the English one at /en/ after building', async () => {
    const zh = await fetch(`${baseUrl}/`);
    const en = await fetch(`${baseUrl}/en/`);

    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toMatch(/text\/html/);
    expect(await zh.text()).toContain('注意力实验室');
    expect(en.status).toBe(200);
    expect(await en.text()).toContain('Attention Lab');
  });

  it('answers /healthz with { ok: true } as JSON', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ ok: true });
  });
});
