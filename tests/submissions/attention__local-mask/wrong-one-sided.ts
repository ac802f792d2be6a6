// Bug: only looks back (j in [i - window, i]), a causal sliding window instead of a symmetric one.
import * as tf from '@tensorflow/tfjs';

export function localMask(size: number, window: number): tf.Tensor {
  const m = tf.buffer([size, size]);
  for (let i = 0; i < size; i++) for (let j = Math.max(0, i - window); j <= i; j++) m.set(1, i, j);
  return m.toTensor();
}
