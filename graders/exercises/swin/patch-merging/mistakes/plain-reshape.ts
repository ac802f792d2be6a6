import * as tf from '@tensorflow/tfjs';

export function patchMerging(
  x: tf.Tensor,
  w: { gamma: tf.Tensor; beta: tf.Tensor; reduction: tf.Tensor },
  eps = 1e-5,
): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  return tf.tidy(() => {
    const merged = x.reshape([B, H / 2, W / 2, 4 * C]);
    // (B, H/2, W/2, 4C)

    const mean = merged.mean(-1, true); // (B, H/2, W/2, 1)
    const centered = merged.sub(mean);
    const variance = centered.square().mean(-1, true); // (B, H/2, W/2, 1)
    const normed = centered.div(variance.add(eps).sqrt()).mul(w.gamma).add(w.beta);

    // (B, H/2, W/2, 4C) x (4C, 2C) -> (B, H/2, W/2, 2C)
    return normed.matMul(w.reduction);
  });
}
