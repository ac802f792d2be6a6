import * as tf from '@tensorflow/tfjs';

export function causalMask(size: number): tf.Tensor {
  const buf = tf.buffer([size, size], 'float32');
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) buf.set(1, i, j);
  }
  return buf.toTensor();
}
