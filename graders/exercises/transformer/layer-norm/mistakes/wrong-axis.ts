import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  const mean = x.mean(0, true);
  const centered = x.sub(mean);
  const variance = centered.square().mean(0, true);
  return centered.div(variance.add(eps).sqrt()).mul(gamma).add(beta);
}
