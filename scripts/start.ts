// `npm start`: build the site when its inputs changed, then serve it with the standalone
// Node server that @astrojs/node writes to dist/server/entry.mjs.
//
// Environment: HOST (default localhost) and PORT (default 4321) are read by the server itself;
// this script only fills in the defaults and checks PORT. SIGINT and SIGTERM go to whichever
// child (build or server) is running, and the script exits with that child's code.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER_ENTRY = join(ROOT, 'dist', 'server', 'entry.mjs');
const ASTRO_CLI = join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const BUILD_PACKS = join(ROOT, 'scripts', 'build-packs.ts');
const COMPRESS = join(ROOT, 'scripts', 'compress-static.ts');
const SERVE = join(ROOT, 'scripts', 'serve.ts');

/** Files and folders whose changes require a new build (missing ones are skipped). */
const BUILD_INPUTS = ['src', 'content', 'graders', 'db', 'astro.config.mjs', 'package.json'];

/** Folder names never looked into: tool caches that change without changing the site. */
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__']);

const DEFAULT_HOST = 'localhost';
const DEFAULT_PORT = '4321';

type Modified = { path: string; mtimeMs: number };

function fail(message: string): never {
  console.error(`start: ${message}`);
  process.exit(1);
}

/**
 * The most recently modified entry under `path` (a file or a folder), or null if it is missing.
 * Folders count too: deleting or renaming a file changes only its folder's mtime.
 */
function newestUnder(path: string): Modified | null {
  const stats = statSync(path, { throwIfNoEntry: false }); // files may vanish while we walk
  if (!stats) return null;
  let newest: Modified = { path, mtimeMs: stats.mtimeMs };
  if (!stats.isDirectory()) return newest;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const candidate = newestUnder(join(path, entry.name));
    if (candidate && candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/** Why the site must be built before serving, or null when dist/ is up to date. */
function reasonToBuild(): string | null {
  if (!existsSync(SERVER_ENTRY)) return `${relative(ROOT, SERVER_ENTRY)} is missing`;
  const builtAt = statSync(SERVER_ENTRY).mtimeMs;
  for (const input of BUILD_INPUTS) {
    const newest = newestUnder(join(ROOT, input));
    if (newest && newest.mtimeMs > builtAt) {
      return `${relative(ROOT, newest.path)} changed since the last build`;
    }
  }
  return null;
}

/** Sends SIGINT and SIGTERM received by this script on to `child`; returns an undo function. */
function forwardSignals(child: ChildProcess): () => void {
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return () => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  };
}

/** Runs `node <args>` in the repository root, forwarding signals; resolves with its exit code. */
function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' });
  const stopForwarding = forwardSignals(child);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolve(code ?? 128 + (signal ? osConstants.signals[signal] : 0));
    });
  });
}

async function buildSite(): Promise<void> {
  if (!existsSync(ASTRO_CLI)) fail(`${ASTRO_CLI} not found; run npm install first`);
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  const packs = await runNode([BUILD_PACKS], env);
  if (packs !== 0) fail(`building the exercise packs failed (code ${packs}); not serving`);
  const code = await runNode([ASTRO_CLI, 'build'], env);
  if (code !== 0) fail(`the build failed (astro build exited with code ${code}); not serving`);
  const compressed = await runNode([COMPRESS], env);
  if (compressed !== 0) fail(`compressing the static files failed (code ${compressed})`);
  if (!existsSync(SERVER_ENTRY)) fail(`the build succeeded but wrote no ${SERVER_ENTRY}`);
}

/** HOST and PORT for the server, with defaults filled in; exits on an unusable PORT. */
function serverEnv(): NodeJS.ProcessEnv {
  const host = process.env.HOST || DEFAULT_HOST;
  const port = process.env.PORT || DEFAULT_PORT;
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    fail(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(port)}`);
  }
  return { ...process.env, HOST: host, PORT: port };
}

async function main(): Promise<void> {
  const env = serverEnv();
  const reason = reasonToBuild();
  if (reason) {
    console.log(`start: building the site because ${reason}`);
    await buildSite();
  }
  // --build-only: what the tests' global setup runs, so that parallel suites share one build
  if (process.argv.includes('--build-only')) return;
  // serve.ts creates (first start) and migrates the database before it listens
  process.exitCode = await runNode([SERVE], env);
}

await main();
