// Bug: reshapes [B, T, C] straight to [B, heads, T, dh] (no transpose), which mixes positions and heads.
import * as tf from '@tensorflow/tfjs';

type W = Record<'wq' | 'bq' | 'wk' | 'bk' | 'wv' | 'bv' | 'wo' | 'bo', tf.Tensor>;

export function multiHeadAttention(
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  w: W,
  numHeads: number,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const [B, T, C] = query.shape as [number, number, number];
    const S = key.shape[1]!;
    const dh = C / numHeads;
    const lin = (x: tf.Tensor, W: tf.Tensor, b: tf.Tensor) =>
      x.reshape([-1, C]).matMul(W).add(b).reshape([B, -1, C]);
    const q = lin(query, w.wq, w.bq).reshape([B, numHeads, T, dh]);
    const k = lin(key, w.wk, w.bk).reshape([B, numHeads, S, dh]);
    const v = lin(value, w.wv, w.bv).reshape([B, numHeads, S, dh]);
    let scores = tf.matMul(q, k, false, true).div(Math.sqrt(dh));
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
    const y = tf.matMul(tf.softmax(scores), v).reshape([B, T, C]);
    return lin(y, w.wo, w.bo);
  });
}
