import * as tf from '@tensorflow/tfjs';

/**
 * Scaled dot-product attention, softmax(q kᵀ / √dk) v.
 * q: [..., Tq, dk], k: [..., Tk, dk], v: [..., Tk, dv], mask: 1 = may attend -> [..., Tq, dv]
 */
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  // TODO: scores = q kᵀ / √dk, mask the blocked scores, softmax over the keys, times v
  return v;
}
