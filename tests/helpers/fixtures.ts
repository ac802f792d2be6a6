import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseSafetensors, toFloat32 } from '../../graders/checkpoint/safetensors.ts';
import type { SafetensorsFile, TensorToWrite } from '../../graders/checkpoint/safetensors.ts';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * PyTorch's own outputs, shared with the project: `../shared` beside the checkout, or the
 * folder that ATTENTION_LAB_SHARED names.
 */
export const PYTORCH_FIXTURES = join(
  process.env['ATTENTION_LAB_SHARED'] ?? join(ROOT, '../shared'),
  'fixtures/pytorch/',
);

if (!existsSync(join(PYTORCH_FIXTURES, 'README.md'))) {
  throw new Error(
    `PyTorch fixtures not found in ${PYTORCH_FIXTURES}: the shared folder must ` +
      'sit beside the checkout, or ATTENTION_LAB_SHARED must name it',
  );
}

/** NumPy transcriptions of the same architectures with other configs (tests/fixtures/numpy). */
export const NUMPY_FIXTURES = join(ROOT, 'tests/fixtures/numpy/');

export function readSafetensorsFile(path: string): SafetensorsFile {
  return parseSafetensors(new Uint8Array(readFileSync(path)));
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Fixture folders under `dir` whose name starts with `prefix`, e.g. "model." */
export function fixtureDirs(dir: string, prefix: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith(prefix))
    .map((e) => e.name)
    .sort();
}

/** Exercise cases of the PyTorch fixtures: folders with a case.json. */
export function exerciseCases(): string[] {
  return fixtureDirs(PYTORCH_FIXTURES, '').filter((d) =>
    existsSync(join(PYTORCH_FIXTURES, d, 'case.json')),
  );
}

/** Model cases: `model.*` of PyTorch, and every case of the NumPy fixtures. */
export function modelCases(): { name: string; dir: string; arch: 'gpt' | 'bert' | 'swin' }[] {
  const pytorch = fixtureDirs(PYTORCH_FIXTURES, 'model.').map((d) => ({
    name: `pytorch ${d}`,
    dir: join(PYTORCH_FIXTURES, d),
    arch: d.slice('model.'.length) as 'gpt' | 'bert' | 'swin',
  }));
  const numpy = fixtureDirs(NUMPY_FIXTURES, '').map((d) => ({
    name: `numpy ${d}`,
    dir: join(NUMPY_FIXTURES, d),
    arch: d.split('.')[0] as 'gpt' | 'bert' | 'swin',
  }));
  return [...pytorch, ...numpy];
}

/** The fixtures' tolerance: |actual - expected| <= tol · (1 + |expected|) element-wise. */
export const TOLERANCE = 1e-4;

/** The largest error relative to (1 + |expected|); Infinity for a shape mismatch or NaN. */
export function worstError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const err = Math.abs(actual[i]! - e) / (1 + Math.abs(e));
    if (Number.isNaN(err)) return Infinity;
    worst = Math.max(worst, err);
  }
  return worst;
}

type Floats = Map<string, { shape: number[]; values: Float32Array }>;

function asFloats(tensors: Record<string, TensorToWrite> | SafetensorsFile): Floats {
  if ('tensors' in tensors && tensors.tensors instanceof Map) {
    const file = tensors as SafetensorsFile;
    return new Map(
      [...file.tensors].map(([n, raw]) => [n, { shape: raw.shape, values: toFloat32(raw) }]),
    );
  }
  const written = Object.entries(tensors as Record<string, TensorToWrite>);
  return new Map(written.map(([n, t]) => [n, { shape: t.shape, values: t.data as Float32Array }]));
}

/** Expects the same names and shapes, and every value within the tolerance. */
export function expectOutputsMatch(
  outputs: Record<string, TensorToWrite> | SafetensorsFile,
  expected: SafetensorsFile,
  tolerance = TOLERANCE,
): void {
  const actual = asFloats(outputs);
  const wanted = asFloats(expected);
  expect([...actual.keys()].sort()).toEqual([...wanted.keys()].sort());
  for (const [name, want] of wanted) {
    const got = actual.get(name)!;
    expect(got.shape, name).toEqual(want.shape);
    expect(worstError(got.values, want.values), name).toBeLessThanOrEqual(tolerance);
  }
}
