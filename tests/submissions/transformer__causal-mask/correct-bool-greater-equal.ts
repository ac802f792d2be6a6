import * as tf from '@tensorflow/tfjs';

// Returns a bool mask: row index >= column index.
export function causalMask(size: number): tf.Tensor {
  return tf.tidy(() => {
    const rows = tf.range(0, size, 1, 'int32').reshape([size, 1]);
    const cols = tf.range(0, size, 1, 'int32').reshape([1, size]);
    return tf.greaterEqual(rows, cols);
  });
}
