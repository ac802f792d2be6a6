// Bug: keeps the upper triangle (the future) instead of the lower one: bandPart(0, -1).
import * as tf from '@tensorflow/tfjs';

export function causalMask(size: number): tf.Tensor {
  return tf.tidy(() => tf.linalg.bandPart(tf.ones([size, size]), 0, -1));
}
