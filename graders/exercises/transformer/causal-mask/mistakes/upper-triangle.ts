import * as tf from '@tensorflow/tfjs';

/**
 * Causal mask: position i may attend to positions 0..i.
 * -> [size, size], 1 on and below the diagonal
 */
export function causalMask(size: number): tf.Tensor {
  return tf.linalg.bandPart(tf.ones([size, size]), 0, -1); // (size, size)
}
