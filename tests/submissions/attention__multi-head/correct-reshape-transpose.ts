import * as tf from '@tensorflow/tfjs';

interface Weights {
  wq: tf.Tensor;
  bq: tf.Tensor;
  wk: tf.Tensor;
  bk: tf.Tensor;
  wv: tf.Tensor;
  bv: tf.Tensor;
  wo: tf.Tensor;
  bo: tf.Tensor;
}

function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [B, T, C] = x.shape as [number, number, number];
  return x
    .reshape([B * T, C])
    .matMul(w)
    .add(b)
    .reshape([B, T, -1]);
}

export function multiHeadAttention(
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  w: Weights,
  numHeads: number,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const [B, T, C] = query.shape as [number, number, number];
    const S = key.shape[1]!;
    const dh = C / numHeads;
    const split = (t: tf.Tensor, len: number) =>
      t.reshape([B, len, numHeads, dh]).transpose([0, 2, 1, 3]);
    const q = split(linear(query, w.wq, w.bq), T);
    const k = split(linear(key, w.wk, w.bk), S);
    const v = split(linear(value, w.wv, w.bv), S);
    let scores = tf.matMul(q, k, false, true).div(Math.sqrt(dh));
    if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
    const heads = tf.matMul(tf.softmax(scores), v);
    const joined = heads.transpose([0, 2, 1, 3]).reshape([B, T, C]);
    return linear(joined, w.wo, w.bo);
  });
}
