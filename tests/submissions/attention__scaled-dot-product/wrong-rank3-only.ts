// Bug: transposes k with a fixed [0, 2, 1] permutation, so it only works for rank-3 inputs.
import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const dk = q.shape[2]!;
    let scores = tf.matMul(q, tf.transpose(k, [0, 2, 1])).div(Math.sqrt(dk));
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
    return tf.matMul(tf.softmax(scores), v);
  });
}
