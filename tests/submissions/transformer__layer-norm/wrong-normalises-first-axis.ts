// Bug: computes mean and variance over axis 0 (the batch) instead of the last axis.
import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, 0, true);
    return x.sub(mean).div(variance.add(eps).sqrt()).mul(gamma).add(beta);
  });
}
