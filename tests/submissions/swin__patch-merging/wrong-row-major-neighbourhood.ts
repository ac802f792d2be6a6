// Bug: gathers the 2x2 neighbourhood row-major, (0,0), (0,1), (1,0), (1,1), not the official x0, x1, x2, x3 order.
import * as tf from '@tensorflow/tfjs';

export function patchMerging(
  x: tf.Tensor,
  w: { gamma: tf.Tensor; beta: tf.Tensor; reduction: tf.Tensor },
  eps = 1e-5,
): tf.Tensor {
  return tf.tidy(() => {
    const [B, H, W, C] = x.shape as [number, number, number, number];
    const g = x
      .reshape([B, H / 2, 2, W / 2, 2, C])
      .transpose([0, 1, 3, 2, 4, 5])
      .reshape([B, H / 2, W / 2, 4 * C]);
    const { mean, variance } = tf.moments(g, -1, true);
    const ln = g.sub(mean).div(variance.add(eps).sqrt()).mul(w.gamma).add(w.beta);
    return ln
      .reshape([-1, 4 * C])
      .matMul(w.reduction)
      .reshape([B, H / 2, W / 2, 2 * C]);
  });
}
