import * as tf from '@tensorflow/tfjs';

export function patchMerging(
  x: tf.Tensor,
  w: { gamma: tf.Tensor; beta: tf.Tensor; reduction: tf.Tensor },
  eps = 1e-5,
): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  return tf.tidy(() => {
    // every other row and column, from offset (r, c)
    const pick = (r: number, c: number) =>
      tf.stridedSlice(x, [0, r, c, 0], [B, H, W, C], [1, 2, 2, 1]); // (B, H/2, W/2, C)
    const merged = tf.concat([pick(0, 0), pick(0, 1), pick(1, 0), pick(1, 1)], -1);
    // (B, H/2, W/2, 4C)

    const mean = merged.mean(-1, true); // (B, H/2, W/2, 1)
    const centered = merged.sub(mean);
    const variance = centered.square().mean(-1, true); // (B, H/2, W/2, 1)
    const normed = centered.div(variance.add(eps).sqrt()).mul(w.gamma).add(w.beta);

    // (B, H/2, W/2, 4C) x (4C, 2C) -> (B, H/2, W/2, 2C)
    return normed.matMul(w.reduction);
  });
}
