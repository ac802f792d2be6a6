import * as tf from '@tensorflow/tfjs';

// Projections with tf, the attention itself with plain JS loops over arraySync() data.
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
  const [B, T, C] = query.shape as [number, number, number];
  const S = key.shape[1]!;
  const hd = C / numHeads;
  const proj = (x: tf.Tensor, W: tf.Tensor, b: tf.Tensor) =>
    tf.tidy(() =>
      tf
        .dot(x.reshape([-1, C]), W)
        .add(b)
        .reshape([x.shape[0]!, -1, C]),
    );
  const Q = proj(query, w.wq, w.bq).arraySync() as number[][][];
  const K = proj(key, w.wk, w.bk).arraySync() as number[][][];
  const V = proj(value, w.wv, w.bv).arraySync() as number[][][];
  const M = mask
    ? (tf.tidy(() => tf.broadcastTo(mask, [B, numHeads, T, S])).arraySync() as number[][][][])
    : null;
  const Y: number[][][] = [];
  for (let b = 0; b < B; b++) {
    const rows: number[][] = [];
    for (let t = 0; t < T; t++) rows.push(new Array<number>(C).fill(0));
    for (let h = 0; h < numHeads; h++) {
      for (let t = 0; t < T; t++) {
        const s: number[] = [];
        for (let j = 0; j < S; j++) {
          let dot = 0;
          for (let d = 0; d < hd; d++) dot += Q[b]![t]![h * hd + d]! * K[b]![j]![h * hd + d]!;
          dot /= Math.sqrt(hd);
          if (M && M[b]![h]![t]![j] === 0) dot = -1e9;
          s.push(dot);
        }
        const mx = Math.max(...s);
        const ex = s.map((x) => Math.exp(x - mx));
        const z = ex.reduce((a, c) => a + c, 0);
        for (let d = 0; d < hd; d++) {
          let acc = 0;
          for (let j = 0; j < S; j++) acc += (ex[j]! / z) * V[b]![j]![h * hd + d]!;
          rows[t]![h * hd + d] = acc;
        }
      }
    }
    Y.push(rows);
  }
  return tf.tidy(() =>
    tf
      .tensor3d(Y)
      .reshape([B * T, C])
      .matMul(w.wo)
      .add(w.bo)
      .reshape([B, T, C]),
  );
}
