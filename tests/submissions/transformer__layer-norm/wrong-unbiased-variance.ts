// Bug: uses the unbiased variance (divides by C - 1) instead of the biased one.
import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  return tf.tidy(() => {
    const C = x.shape[x.rank - 1]!;
    const mu = x.mean(-1, true);
    const d = x.sub(mu);
    const variance = d
      .square()
      .sum(-1, true)
      .div(C - 1);
    return d.div(variance.add(eps).sqrt()).mul(gamma).add(beta);
  });
}
