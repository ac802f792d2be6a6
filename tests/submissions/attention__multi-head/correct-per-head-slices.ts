import * as tf from '@tensorflow/tfjs';

// One head at a time: slice the projected channels, attend with 3-D matmuls, concat.
export function multiHeadAttention(
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  w: {
    wq: tf.Tensor;
    bq: tf.Tensor;
    wk: tf.Tensor;
    bk: tf.Tensor;
    wv: tf.Tensor;
    bv: tf.Tensor;
    wo: tf.Tensor;
    bo: tf.Tensor;
  },
  numHeads: number,
  mask?: tf.Tensor,
): tf.Tensor {
  const C = query.shape[2]!;
  const dh = C / numHeads;
  const Q = tf.add(tf.matMul(query, tf.broadcastTo(w.wq, [query.shape[0]!, C, C])), w.bq);
  const K = tf.add(tf.matMul(key, tf.broadcastTo(w.wk, [key.shape[0]!, C, C])), w.bk);
  const V = tf.add(tf.matMul(value, tf.broadcastTo(w.wv, [value.shape[0]!, C, C])), w.bv);
  // mask broadcasts to [B, h, T, S]; take head h's slice of it, ending as [B or 1, T or 1, S]
  let fullMask: tf.Tensor | null = null;
  if (mask) {
    const m = mask.rank < 4 ? mask.reshape([...Array(4 - mask.rank).fill(1), ...mask.shape]) : mask;
    fullMask = m;
  }
  const heads: tf.Tensor[] = [];
  for (let h = 0; h < numHeads; h++) {
    const qh = Q.slice([0, 0, h * dh], [-1, -1, dh]);
    const kh = K.slice([0, 0, h * dh], [-1, -1, dh]);
    const vh = V.slice([0, 0, h * dh], [-1, -1, dh]);
    let s = tf.matMul(qh, kh, false, true).mul(1 / Math.sqrt(dh));
    if (fullMask) {
      const hIdx = fullMask.shape[1] === 1 ? 0 : h;
      const mh = fullMask.slice([0, hIdx, 0, 0], [-1, 1, -1, -1]).squeeze([1]);
      s = tf.where(tf.broadcastTo(mh, s.shape).greater(0), s, tf.fill(s.shape, -1e9));
    }
    heads.push(tf.matMul(tf.softmax(s), vh));
  }
  const concat = tf.concat(heads, 2);
  const B = concat.shape[0]!;
  return tf.add(tf.matMul(concat, tf.broadcastTo(w.wo, [B, C, C])), w.bo);
}
