// Bug: divides the scores by sqrt(dv), the size of the values, instead of sqrt(dk).
import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const d = v.shape[v.rank - 1]!;
    let scores = tf.matMul(q, k, false, true).div(Math.sqrt(d));
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
    return tf.matMul(tf.softmax(scores), v);
  });
}
