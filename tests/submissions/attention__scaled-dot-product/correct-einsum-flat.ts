import * as tf from '@tensorflow/tfjs';

// tf.einsum has no "...", so fold the leading axes into one first.
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const shape = q.shape;
    const lead = shape.slice(0, -2);
    const Tq = shape[shape.length - 2]!;
    const dk = shape[shape.length - 1]!;
    const Tk = k.shape[k.rank - 2]!;
    const dv = v.shape[v.rank - 1]!;
    const q3 = q.reshape([-1, Tq, dk]);
    const k3 = k.reshape([-1, Tk, dk]);
    const v3 = v.reshape([-1, Tk, dv]);
    let scores = tf.einsum('bqd,bkd->bqk', q3, k3).mul(1 / Math.sqrt(dk));
    if (mask) {
      const m3 = tf.broadcastTo(mask, [...lead, Tq, Tk]).reshape([-1, Tq, Tk]);
      scores = tf.where(
        tf.cast(m3, 'bool'),
        scores,
        tf.fill(scores.shape, Number.NEGATIVE_INFINITY),
      );
    }
    const p = tf.softmax(scores, -1);
    return tf.einsum('bqk,bkd->bqd', p, v3).reshape([...lead, Tq, dv]);
  });
}
