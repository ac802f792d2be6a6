import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  const [, , dk] = q.shape as [number, number, number];
  const kT = k.transpose([0, 2, 1]); // only for [B, T, d]
  let scores = tf.matMul(q, kT).div(Math.sqrt(dk));
  if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
  return tf.matMul(tf.softmax(scores), v);
}
