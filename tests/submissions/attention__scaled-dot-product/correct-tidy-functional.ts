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
    if (mask) {
      // 1 = may attend -> add 0; 0 = blocked -> add -1e9
      scores = scores.add(tf.sub(1, mask).mul(-1e9));
    }
    const weights = tf.softmax(scores);
    return tf.matMul(weights, v);
  });
}
