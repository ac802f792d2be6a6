// Bug: scales by 1/sqrt(N) (tokens per window) instead of 1/sqrt(hd).
import * as tf from '@tensorflow/tfjs';

export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const [BnW, heads, N] = q.shape as [number, number, number, number];
    let s = tf.matMul(q, k, false, true).div(Math.sqrt(N)).add(bias);
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
