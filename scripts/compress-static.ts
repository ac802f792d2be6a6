// Writes .br and .gz beside every compressible file of the built site (dist/client), so
// that scripts/serve.ts can send them as they are (the standalone server compresses nothing).
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const CLIENT = fileURLToPath(new URL('../dist/client/', import.meta.url));
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.txt',
  '.xml',
  '.wasm',
]);
const MIN_BYTES = 1024;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.has(extname(entry.name))) yield path;
  }
}

const start = performance.now();
let count = 0;
let before = 0;
let after = 0;
for await (const path of files(CLIENT)) {
  if ((await stat(path)).size < MIN_BYTES) continue;
  const data = await readFile(path);
  const quality = data.length > 1_000_000 ? 9 : 11; // 11 is slow on the editor's megabytes
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } });
  await writeFile(`${path}.br`, br);
  await writeFile(`${path}.gz`, gzipSync(data, { level: 9 }));
  count++;
  before += data.length;
  after += br.length;
}
const seconds = ((performance.now() - start) / 1000).toFixed(1);
console.log(
  `compress: ${count} files, ${(before / 2 ** 20).toFixed(1)} MiB -> ` +
    `${(after / 2 ** 20).toFixed(1)} MiB brotli, ${seconds} s`,
);
