// Bug: applies the mask by zeroing the weights after the softmax, so rows no longer sum to 1.
import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const dk = q.shape[q.rank - 1]!;
    let weights = tf.softmax(tf.matMul(q, k, false, true).div(Math.sqrt(dk)));
    if (mask) weights = weights.mul(mask);
    return tf.matMul(weights, v);
  });
}
