import * as tf from '@tensorflow/tfjs';

export function localMask(size: number, window: number): tf.Tensor {
  const m = tf.buffer([size, size]);
  for (let i = 0; i < size; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(size - 1, i + window);
    for (let j = lo; j <= hi; j++) m.set(1, i, j);
  }
  return m.toTensor();
}
