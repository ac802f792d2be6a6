import * as tf from '@tensorflow/tfjs';

export function localMask(size: number, window: number): tf.Tensor {
  const w = Math.min(window, Math.max(size - 1, 0));
  return tf.tidy(() => tf.linalg.bandPart(tf.ones([size, size]), w, w));
}
