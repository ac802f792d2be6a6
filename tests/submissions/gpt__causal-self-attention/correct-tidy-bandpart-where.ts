import * as tf from '@tensorflow/tfjs';

export function causalSelfAttention(
  x: tf.Tensor,
  w: { wqkv: tf.Tensor; bqkv: tf.Tensor; wo: tf.Tensor; bo: tf.Tensor },
  numHeads: number,
): tf.Tensor {
  return tf.tidy(() => {
    const [B, T, C] = x.shape as [number, number, number];
    const hs = C / numHeads;
    const qkv = x
      .reshape([B * T, C])
      .matMul(w.wqkv)
      .add(w.bqkv)
      .reshape([B, T, 3 * C]);
    const [q, k, v] = tf.split(qkv, 3, 2) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const heads = (t: tf.Tensor) => t.reshape([B, T, numHeads, hs]).transpose([0, 2, 1, 3]);
    const att = tf.matMul(heads(q), heads(k), false, true).mul(1 / Math.sqrt(hs));
    const allowed = tf.linalg.bandPart(tf.ones([T, T], 'bool'), -1, 0);
    const masked = tf.where(tf.broadcastTo(allowed, att.shape), att, tf.fill(att.shape, -Infinity));
    const y = tf.matMul(tf.softmax(masked), heads(v));
    const merged = y.transpose([0, 2, 1, 3]).reshape([B * T, C]);
    return merged.matMul(w.wo).add(w.bo).reshape([B, T, C]);
  });
}
