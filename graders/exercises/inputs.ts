import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { normals } from '../grading/random.ts';
import type { Rng } from '../grading/random.ts';

// Drawing inputs for value cases: every tensor from the run's seeded randomness.

/** A float32 tensor of normal values times `scale`, plus `offset`. */
export function randn(rng: Rng, shape: number[], scale = 1, offset = 0): Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(normals(rng, count, scale, offset), shape, 'float32');
}

/** A 0/1 float32 mask; `keep(i, j)` says which entries may attend (the last two axes). */
export function maskOf(shape: number[], keep: (index: number[]) => boolean): Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count);
  for (let flat = 0; flat < count; flat++) {
    const index: number[] = [];
    for (let axis = shape.length - 1, rest = flat; axis >= 0; axis--) {
      index.unshift(rest % shape[axis]!);
      rest = Math.floor(rest / shape[axis]!);
    }
    values[flat] = keep(index) ? 1 : 0;
  }
  return tf.tensor(values, shape, 'float32');
}

/** Integer ids in [lo, hi), int32. */
export function randint(rng: Rng, shape: number[], lo: number, hi: number): Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Int32Array.from({ length: count }, () => rng.int(lo, hi)),
    shape,
    'int32',
  );
}
