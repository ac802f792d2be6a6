import * as tf from '@tensorflow/tfjs';

function softmaxLastAxis(x: tf.Tensor): tf.Tensor {
  const m = x.max(-1, true);
  const e = x.sub(m).exp();
  return e.div(e.sum(-1, true));
}

export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  const rank = k.rank;
  const perm = [...Array(rank).keys()];
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  const kT = tf.transpose(k, perm);
  const scale = 1 / Math.sqrt(q.shape[q.rank - 1]!);
  let scores = tf.mul(tf.matMul(q, kT), scale);
  if (mask !== undefined) {
    const allowed = tf.broadcastTo(tf.greater(mask, 0.5), scores.shape);
    const blocked = tf.fill(scores.shape, -Infinity);
    scores = tf.where(allowed, scores, blocked);
  }
  return tf.matMul(softmaxLastAxis(scores), v);
}
