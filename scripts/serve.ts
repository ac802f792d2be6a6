// The production server: Astro's standalone handler (pages, endpoints, static files) behind
// a layer that sends the precompressed .br / .gz of static files (scripts/compress-static.ts)
// when the browser accepts them. HOST and PORT from the environment.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
// the database (created and migrated on first start, never inside a request) and the grading
// worker, before the handler that uses them
const { serverContext } = await import('../src/server/context.ts');
const context = await serverContext();
const CLIENT = fileURLToPath(new URL('../dist/client/', import.meta.url));
const ENTRY = new URL('../dist/server/entry.mjs', import.meta.url).href;
const { handler } = (await import(ENTRY)) as {
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
};

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    // no such file: the request is not for a precompressed static file
    return false;
  }
}

/** The file under dist/client a request names, or null (never outside that folder). */
function staticPath(url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return null;
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  const path = normalize(join(CLIENT, pathname));
  return path.startsWith(CLIENT) || path + sep === CLIENT ? path : null;
}

/** Sends a precompressed variant when there is one the browser accepts; else false. */
async function sendCompressed(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = staticPath(req.url ?? '/');
  const type = path ? TYPES[extname(path)] : undefined;
  if (!path || !type) return false;
  const accepted = String(req.headers['accept-encoding'] ?? '');
  for (const encoding of ENCODINGS) {
    if (!accepted.includes(encoding.name) || !(await isFile(path + encoding.suffix))) continue;
    const immutable = (req.url ?? '').startsWith('/_astro/');
    res.writeHead(200, {
      'content-type': type,
      'content-encoding': encoding.name,
      vary: 'Accept-Encoding',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(path + encoding.suffix).pipe(res);
    return true;
  }
  return false;
}

const host = process.env['HOST'] || 'localhost';
const port = Number(process.env['PORT'] || 4321);
const server = createServer((req, res) => {
  sendCompressed(req, res)
    .then((sent) => (sent ? undefined : handler(req, res)))
    .catch((error: Error) => {
      console.error(`serve: ${req.method} ${req.url} failed: ${error.message}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
});
server.listen(port, host, () => console.log(`serve: listening on http://${host}:${port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    // a job cut off here is graded again: its lease runs out (PostgreSQL) or it is put back at
    // the next start (PGlite)
    void context
      .close()
      .catch((error: Error) => console.error(`serve: closing: ${error.message}`))
      .finally(() => process.exit(0));
  });
}
