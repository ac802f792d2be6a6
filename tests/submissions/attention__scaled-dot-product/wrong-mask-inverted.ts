// Bug: treats mask 1 as "blocked" (the additive-mask convention) instead of "may attend".
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
    if (mask) scores = scores.add(mask.mul(-1e9));
    return tf.matMul(tf.softmax(scores), v);
  });
}
