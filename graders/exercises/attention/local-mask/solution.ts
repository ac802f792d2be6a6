import * as tf from '@tensorflow/tfjs';

/**
 * Local attention mask: position i may attend to j when |i - j| <= window.
 * -> [size, size], 1 = may attend, 0 = blocked
 */
export function localMask(size: number, window: number): tf.Tensor {
  return tf.tidy(() => {
    const i = tf.range(0, size).reshape([size, 1]); // (size, 1)
    const j = tf.range(0, size).reshape([1, size]); // (1, size)
    return i.sub(j).abs().lessEqual(window).cast('float32'); // (size, size)
  });
}
