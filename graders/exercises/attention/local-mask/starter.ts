import * as tf from '@tensorflow/tfjs';

/**
 * Local attention mask: position i may attend to j when |i - j| <= window.
 * -> [size, size], 1 = may attend, 0 = blocked
 */
export function localMask(size: number, window: number): tf.Tensor {
  // TODO: 1 where |i - j| <= window, 0 elsewhere
  return tf.zeros([size, size]);
}
