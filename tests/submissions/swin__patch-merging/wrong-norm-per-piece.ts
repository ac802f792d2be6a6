// Bug: layer-normalises each C-channel piece before concatenating, instead of over the 4C channels together.
import * as tf from '@tensorflow/tfjs';

export function patchMerging(
  x: tf.Tensor,
  w: { gamma: tf.Tensor; beta: tf.Tensor; reduction: tf.Tensor },
  eps = 1e-5,
): tf.Tensor {
  return tf.tidy(() => {
    const [B, H, W, C] = x.shape as [number, number, number, number];
    const norm = (t: tf.Tensor) => {
      const { mean, variance } = tf.moments(t, -1, true);
      return t.sub(mean).div(variance.add(eps).sqrt());
    };
    const pick = (r: number, c: number) =>
      norm(tf.stridedSlice(x, [0, r, c, 0], [B, H, W, C], [1, 2, 2, 1]));
    const merged = tf
      .concat([pick(0, 0), pick(1, 0), pick(0, 1), pick(1, 1)], -1)
      .mul(w.gamma)
      .add(w.beta);
    return merged
      .reshape([-1, 4 * C])
      .matMul(w.reduction)
      .reshape([B, H / 2, W / 2, 2 * C]);
  });
}
