import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  const dk = q.shape[q.rank - 1]!;
  let scores = tf.matMul(q, k, false, true).div(Math.sqrt(dk));
  if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));

  // normalised over the queries (axis -2) instead of the keys
  const axes = scores.shape.map((_, i) => i);
  const swap = [...axes.slice(0, -2), axes.length - 1, axes.length - 2];
  const weights = tf.softmax(scores.transpose(swap)).transpose(swap);
  return tf.matMul(weights, v);
}
