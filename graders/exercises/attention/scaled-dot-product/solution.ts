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
  return tf.tidy(() => {
    const dk = q.shape[q.rank - 1]!;
    let scores = tf.matMul(q, k, false, true).div(Math.sqrt(dk));
    // (..., Tq, dk) x (..., dk, Tk) -> (..., Tq, Tk)

    // blocked pairs get a score so low that the softmax gives them weight 0
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));

    const weights = tf.softmax(scores); // (..., Tq, Tk), over the keys
    return tf.matMul(weights, v); // (..., Tq, Tk) x (..., Tk, dv) -> (..., Tq, dv)
  });
}
