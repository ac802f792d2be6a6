// Bug: forgets to divide the scores by sqrt(dk).
import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    let scores = tf.matMul(q, k, false, true);
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
    return tf.matMul(tf.softmax(scores), v);
  });
}
