import * as tf from '@tensorflow/tfjs';

// tf.where broadcasts its condition; a bool mask picks the score or a scalar -Infinity.
export const scaledDotProductAttention = (
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor =>
  tf.tidy(() => {
    const d = q.shape.at(-1)!;
    const raw = q.matMul(k, false, true).mul(tf.scalar(d).rsqrt());
    const scores = mask ? tf.where(mask.toBool(), raw, tf.scalar(-Infinity)) : raw;
    return scores.softmax().matMul(v);
  });
