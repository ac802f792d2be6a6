// Bug: adds the relative position bias transposed (bias[h, j, i] instead of bias[h, i, j]).
import * as tf from '@tensorflow/tfjs';

export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const [BnW, heads, N, hd] = q.shape as [number, number, number, number];
    let s = tf
      .matMul(q, k, false, true)
      .div(Math.sqrt(hd))
      .add(bias.transpose([0, 2, 1]));
    if (mask) {
      const nW = mask.shape[0]!;
      s = s
        .reshape([BnW / nW, nW, heads, N, N])
        .add(tf.sub(1, mask).mul(-100).expandDims(1))
        .reshape([BnW, heads, N, N]);
    }
    return tf.matMul(tf.softmax(s), v);
  });
}
