import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Rolls a tensor along one axis, as `torch.roll(x, shift, axis)`: element i moves to
 * (i + shift) mod n.
 */
export function roll(x: Tensor, shift: number, axis: number): Tensor {
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.rank || !Number.isInteger(shift)) {
    throw new Error(
      `roll: expected an integer shift and an axis in [0, ${x.rank}), ` +
        `got shift ${shift} and axis ${axis}`,
    );
  }
  const n = x.shape[axis]!;
  const s = ((shift % n) + n) % n;
  if (s === 0) return tf.clone(x);
  return tf.tidy(() => {
    const tail = sliceAxis(x, axis, n - s, s);
    const head = sliceAxis(x, axis, 0, n - s);
    return tf.concat([tail, head], axis);
  });
}

/**
 * Swin's cyclic shift of feature maps: rolls H and W by `shift` (negative before window
 * attention, positive after it).
 *
 * Args: x `[B, H, W, C]`.
 * Returns: `[B, H, W, C]`.
 */
export function cyclicShift(x: Tensor, shift: number): Tensor {
  return tf.tidy(() => roll(roll(x, shift, 1), shift, 2));
}

function sliceAxis(x: Tensor, axis: number, start: number, size: number): Tensor {
  const begin = x.shape.map((_, i) => (i === axis ? start : 0));
  const sizes = x.shape.map((d, i) => (i === axis ? size : d));
  return tf.slice(x, begin, sizes);
}
