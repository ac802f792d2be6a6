import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  const last = x.rank - 1;
  const mu = tf.mean(x, last, true);
  const centered = tf.sub(x, mu);
  const variance = tf.mean(tf.square(centered), last, true);
  const inv = tf.rsqrt(tf.add(variance, tf.scalar(eps)));
  return tf.add(tf.mul(tf.mul(centered, inv), gamma), beta);
}
