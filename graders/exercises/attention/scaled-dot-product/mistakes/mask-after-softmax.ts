import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  const dk = q.shape[q.rank - 1]!;
  const scores = tf.matMul(q, k, false, true).div(Math.sqrt(dk));
  let weights = tf.softmax(scores);
  if (mask) weights = weights.mul(mask);
  return tf.matMul(weights, v);
}
