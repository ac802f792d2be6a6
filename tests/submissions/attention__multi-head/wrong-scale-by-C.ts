// Bug: scales the scores by sqrt(C), the model width, instead of sqrt(C / numHeads).
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
    const q = query.matMul(w.wq.expandDims(0).tile([B, 1, 1])).add(w.bq);
    const k = key.matMul(w.wk.expandDims(0).tile([B, 1, 1])).add(w.bk);
    const v = value.matMul(w.wv.expandDims(0).tile([B, 1, 1])).add(w.bv);
    const qh = q.reshape([B, T, numHeads, dh]).transpose([0, 2, 1, 3]);
    const kh = k.reshape([B, S, numHeads, dh]).transpose([0, 2, 1, 3]);
    const vh = v.reshape([B, S, numHeads, dh]).transpose([0, 2, 1, 3]);
    let scores = tf.matMul(qh, kh, false, true).div(Math.sqrt(C));
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
    const y = tf.matMul(tf.softmax(scores), vh).transpose([0, 2, 1, 3]).reshape([B, T, C]);
    return y.matMul(w.wo.expandDims(0).tile([B, 1, 1])).add(w.bo);
  });
}
