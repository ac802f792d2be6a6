import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  const C = x.shape[x.rank - 1]!;
  const mean = x.mean(-1, true);
  const centered = x.sub(mean);
  const variance = centered
    .square()
    .sum(-1, true)
    .div(C - 1);
  return centered.div(variance.add(eps).sqrt()).mul(gamma).add(beta);
}
