import * as tf from '@tensorflow/tfjs';

// Async, plain JS loops over arrays fetched with .array().
export async function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): Promise<tf.Tensor> {
  const Q = (await q.array()) as number[][][][];
  const K = (await k.array()) as number[][][][];
  const V = (await v.array()) as number[][][][];
  const Bi = (await bias.array()) as number[][][];
  const M = mask ? ((await mask.array()) as number[][][]) : null;
  const [BnW, heads, N, hd] = q.shape as [number, number, number, number];
  const out: number[][][][] = [];
  for (let w = 0; w < BnW; w++) {
    const perHead: number[][][] = [];
    for (let h = 0; h < heads; h++) {
      const rows: number[][] = [];
      for (let i = 0; i < N; i++) {
        const s: number[] = [];
        for (let j = 0; j < N; j++) {
          let dot = 0;
          for (let d = 0; d < hd; d++) dot += Q[w]![h]![i]![d]! * K[w]![h]![j]![d]!;
          let val = dot / Math.sqrt(hd) + Bi[h]![i]![j]!;
          if (M && M[w % M.length]![i]![j] === 0) val += -100;
          s.push(val);
        }
        const mx = Math.max(...s);
        const ex = s.map((z) => Math.exp(z - mx));
        const sum = ex.reduce((a, b) => a + b, 0);
        const row: number[] = new Array<number>(hd).fill(0);
        for (let j = 0; j < N; j++)
          for (let d = 0; d < hd; d++) row[d]! += (ex[j]! / sum) * V[w]![h]![j]![d]!;
        rows.push(row);
      }
      perHead.push(rows);
    }
    out.push(perHead);
  }
  return tf.tensor4d(out);
}
