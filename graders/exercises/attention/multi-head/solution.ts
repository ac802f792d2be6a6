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

/** [B, T, C] -> [B, nh, T, hs] */
function splitHeads(x: tf.Tensor, numHeads: number): tf.Tensor {
  const [B, T, C] = x.shape as [number, number, number];
  const y = x.reshape([B, T, numHeads, C / numHeads]); // (B, T, nh, hs)
  return y.transpose([0, 2, 1, 3]); // (B, nh, T, hs)
}

/** [B, nh, T, hs] -> [B, T, C] */
function mergeHeads(y: tf.Tensor): tf.Tensor {
  const [B, nh, T, hs] = y.shape as [number, number, number, number];
  return y.transpose([0, 2, 1, 3]).reshape([B, T, nh * hs]); // (B, T, nh, hs) -> (B, T, C)
}

/** q [B, nh, T, hs], k and v [B, nh, S, hs] -> [B, nh, T, hs] */
function attention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask?: tf.Tensor): tf.Tensor {
  const hs = q.shape[3]!;
  let scores = tf.matMul(q, k, false, true).div(Math.sqrt(hs));
  // (B, nh, T, hs) x (B, nh, hs, S) -> (B, nh, T, S)
  if (mask) scores = scores.add(tf.sub(1, mask).mul(-1e9));
  return tf.matMul(tf.softmax(scores), v); // (B, nh, T, S) x (B, nh, S, hs) -> (B, nh, T, hs)
}

/**
 * Multi-head attention.
 * query: [B, T, C], key and value: [B, S, C], every W [C, C], every b [C] -> [B, T, C]
 */
export function multiHeadAttention(
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  w: Weights,
  numHeads: number,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    // project, then split the channels into heads
    const q = splitHeads(query.matMul(w.wq).add(w.bq), numHeads); // (B, nh, T, hs)
    const k = splitHeads(key.matMul(w.wk).add(w.bk), numHeads); // (B, nh, S, hs)
    const v = splitHeads(value.matMul(w.wv).add(w.bv), numHeads); // (B, nh, S, hs)

    // attend in every head, then join the heads and mix them
    const y = attention(q, k, v, mask); // (B, nh, T, hs)
    return mergeHeads(y).matMul(w.wo).add(w.bo); // (B, T, C)
  });
}
