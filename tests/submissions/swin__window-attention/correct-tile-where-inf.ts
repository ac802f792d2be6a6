import * as tf from '@tensorflow/tfjs';

// Tiles the mask over the images, then blocks with tf.where and -Infinity.
export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  const hd = q.shape[3]!;
  const scores = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(hd)), bias);
  let masked = scores;
  if (mask) {
    const images = q.shape[0]! / mask.shape[0]!;
    const perWindow = tf.tile(mask, [images, 1, 1]).expandDims(1); // [B*nW, 1, N, N]
    const ok = tf.broadcastTo(tf.greater(perWindow, 0), scores.shape);
    masked = tf.where(ok, scores, tf.fill(scores.shape, -Infinity));
  }
  return tf.matMul(tf.softmax(masked), v);
}
