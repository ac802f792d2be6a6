// Writes public/packs/<exercise id>.json: what a page needs to grade an exercise without its
// reference (fixed cases and expected outputs, the models, every mistake's outputs).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXERCISES } from '../graders/exercises/index.ts';
import { buildPack } from '../graders/node/packs.ts';
import { useBackend } from '../graders/node/tf-node.ts';

const OUT = fileURLToPath(new URL('../public/packs/', import.meta.url));

await useBackend('cpu');
const start = performance.now();
let bytes = 0;
for (const exercise of EXERCISES) {
  const file = join(OUT, `${exercise.id}.json`);
  const json = JSON.stringify(await buildPack(exercise));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, json);
  bytes += json.length;
}
const seconds = ((performance.now() - start) / 1000).toFixed(1);
console.log(`packs: ${EXERCISES.length} exercises, ${(bytes / 1024).toFixed(0)} KiB, ${seconds} s`);
