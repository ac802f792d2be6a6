// npm run bench: speed and memory of the reference models, printed as a table.
// Figures, not pass/fail: targets are read off this output, never asserted in tests.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSafetensors } from '../graders/checkpoint/safetensors.ts';
import type { SafetensorsFile } from '../graders/checkpoint/safetensors.ts';
import { runForward } from '../graders/models/index.ts';
import type { Architecture } from '../graders/models/index.ts';
import { NODE_BACKENDS, tf, useBackend } from '../graders/node/tf-node.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env['BENCH_RUNS'] ?? 30);

interface Case {
  name: string;
  arch: Architecture;
  config: unknown;
  weights: SafetensorsFile;
  inputs: SafetensorsFile;
}

function read(dir: string, file: string): SafetensorsFile {
  return parseSafetensors(new Uint8Array(readFileSync(join(dir, file))));
}

function loadCases(): Case[] {
  const sources = [
    { root: join(ROOT, '../shared/fixtures/pytorch'), only: 'model.' },
    { root: join(ROOT, 'tests/fixtures/numpy'), only: '' },
  ];
  return sources.flatMap(({ root, only }) =>
    readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name.startsWith(only) && !e.name.startsWith('__'))
      .map((e) => {
        const dir = join(root, e.name);
        const arch = e.name.replace(/^model\./, '').split('.')[0] as Architecture;
        return {
          name: e.name,
          arch,
          config: JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')),
          weights: read(dir, 'weights.safetensors'),
          inputs: read(dir, 'inputs.safetensors'),
        };
      }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeCase(c: Case): Promise<{ cold: number; p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    await runForward(c.arch, c.config, c.weights, c.inputs);
    times.push(performance.now() - start);
  }
  const cold = times.shift()!;
  times.sort((a, b) => a - b);
  return { cold, p50: percentile(times, 50), p95: percentile(times, 95) };
}

const cases = loadCases();
console.log(`load + forward of each reference model, ${RUNS} warm runs after one cold run`);
console.log('backend  case                         cold ms   p50 ms   p95 ms  tensors after');
for (const backend of NODE_BACKENDS) {
  await useBackend(backend);
  for (const c of cases) {
    const before = tf.memory().numTensors;
    const { cold, p50, p95 } = await timeCase(c);
    const leaked = tf.memory().numTensors - before;
    const row = [
      backend.padEnd(8),
      c.name.padEnd(28),
      cold.toFixed(1).padStart(8),
      p50.toFixed(1).padStart(8),
      p95.toFixed(1).padStart(8),
      String(leaked).padStart(14),
    ];
    console.log(row.join(' '));
  }
}
const rss = process.memoryUsage().rss / 2 ** 20;
console.log(`resident memory at the end: ${rss.toFixed(0)} MiB`);
