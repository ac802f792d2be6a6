// Shared checks for the building-block tests: tensors from float64 arrays, closeness to a
// naive result, and one engine scope per test so that nothing a test makes outlives it.
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../../graders/node/tf-node.ts';
import type { NodeBackend } from '../../graders/node/tf-node.ts';
import { useBackend } from '../helpers/backends.ts';
import { TOLERANCE, worstError } from '../helpers/fixtures.ts';
import type { Arr } from './naive.ts';

/** A float32 tensor holding the values of a naive array. */
export function toTensor(a: Arr): Tensor {
  return tf.tensor(Float32Array.from(a.data), a.shape, 'float32');
}

/** One float32 tensor per naive array of an object of weights. */
export function toTensors<T extends Record<keyof T, Arr>>(w: T): { [K in keyof T]: Tensor } {
  const entries = Object.entries<Arr>(w).map(([name, a]) => [name, toTensor(a)]);
  return Object.fromEntries(entries) as { [K in keyof T]: Tensor };
}

/** Expects the tensor's shape, and every value within tol · (1 + |expected|). */
export async function expectClose(actual: Tensor, expected: Arr, tol = TOLERANCE): Promise<void> {
  expect(actual.shape).toEqual(expected.shape);
  expect(worstError(await actual.data(), expected.data)).toBeLessThanOrEqual(tol);
}

/** Selects the backend for a suite and disposes every tensor each of its tests makes. */
export function onBackend(backend: NodeBackend): void {
  beforeAll(() => useBackend(backend));
  beforeEach(() => tf.engine().startScope());
  afterEach(() => tf.engine().endScope());
}
