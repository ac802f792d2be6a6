// Bug: normalises over the query axis (second-to-last) instead of over the keys.
import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const dk = q.shape[q.rank - 1]!;
    let scores = tf.matMul(q, k, false, true).div(Math.sqrt(dk));
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
    const e = scores.sub(scores.max(-2, true)).exp();
    const weights = e.div(e.sum(-2, true));
    return tf.matMul(weights, v);
  });
}
