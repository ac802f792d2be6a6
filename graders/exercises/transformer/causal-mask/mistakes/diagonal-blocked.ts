import * as tf from '@tensorflow/tfjs';

/**
 * Causal mask: position i may attend to positions 0..i.
 * -> [size, size], 1 on and below the diagonal
 */
export function causalMask(size: number): tf.Tensor {
  const i = tf.range(0, size).reshape([size, 1]); // (size, 1)
  const j = tf.range(0, size).reshape([1, size]); // (1, size)
  return i.greater(j).cast('float32'); // (size, size)
}
