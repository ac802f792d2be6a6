// Bug: adds the 0/1 mask to the scores directly, as if it were already the official additive (0 / -100) mask.
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
    let s = tf.matMul(q, k, false, true).div(Math.sqrt(hd)).add(bias);
    if (mask) {
      const nW = mask.shape[0]!;
      s = s
        .reshape([BnW / nW, nW, heads, N, N])
        .add(mask.expandDims(1))
        .reshape([BnW, heads, N, N]);
    }
    return tf.matMul(tf.softmax(s), v);
  });
}
