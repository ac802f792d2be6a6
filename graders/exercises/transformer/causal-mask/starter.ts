import * as tf from '@tensorflow/tfjs';

/**
 * Causal mask: position i may attend to positions 0..i.
 * -> [size, size], 1 on and below the diagonal
 */
export function causalMask(size: number): tf.Tensor {
  // TODO: 1 where j <= i, 0 where j > i
  return tf.zeros([size, size]);
}
