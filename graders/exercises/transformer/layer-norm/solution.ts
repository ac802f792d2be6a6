import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  return tf.tidy(() => {
    const mean = x.mean(-1, true); // (..., 1)
    const centered = x.sub(mean); // (..., C)
    const variance = centered.square().mean(-1, true); // (..., 1)
    return centered.div(variance.add(eps).sqrt()).mul(gamma).add(beta);
  });
}
