// Bug: masks only the first nW windows (the first image); the windows of later images go unmasked.
import * as tf from '@tensorflow/tfjs';

export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const [BnW, , N, hd] = q.shape as [number, number, number, number];
    let s = tf.matMul(q, k, false, true).div(Math.sqrt(hd)).add(bias);
    if (mask) {
      const nW = mask.shape[0]!;
      const padded = BnW > nW ? tf.concat([mask, tf.ones([BnW - nW, N, N])], 0) : mask;
      s = s.add(tf.sub(1, padded).mul(-100).expandDims(1));
    }
    return tf.matMul(tf.softmax(s), v);
  });
}
