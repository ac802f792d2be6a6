// Bug: computes V from the key input instead of the value input (fine for self-attention only).
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
  void value;
  return tf.tidy(() => {
    const [B, T, C] = query.shape as [number, number, number];
    const S = key.shape[1]!;
    const dh = C / numHeads;
    const lin = (x: tf.Tensor, W: tf.Tensor, b: tf.Tensor) =>
      x.reshape([-1, C]).matMul(W).add(b).reshape([B, -1, C]);
    const heads = (x: tf.Tensor, n: number) =>
      x.reshape([B, n, numHeads, dh]).transpose([0, 2, 1, 3]);
    const q = heads(lin(query, w.wq, w.bq), T);
    const k = heads(lin(key, w.wk, w.bk), S);
    const v = heads(lin(key, w.wv, w.bv), S);
    let scores = tf.matMul(q, k, false, true).div(Math.sqrt(dh));
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
    const y = tf.matMul(tf.softmax(scores), v).transpose([0, 2, 1, 3]).reshape([B, T, C]);
    return lin(y, w.wo, w.bo);
  });
}
