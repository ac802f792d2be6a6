import * as tf from '@tensorflow/tfjs';

// Plain JavaScript: flatten every leading axis into one "batch" axis and loop.
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  const lead = q.shape.slice(0, -2);
  const Tq = q.shape[q.rank - 2]!;
  const dk = q.shape[q.rank - 1]!;
  const Tk = k.shape[k.rank - 2]!;
  const dv = v.shape[v.rank - 1]!;
  let nb = 1;
  for (const d of lead) nb *= d;

  const qd = q.dataSync();
  const kd = k.dataSync();
  const vd = v.dataSync();
  let md: Float32Array | Int32Array | Uint8Array | null = null;
  if (mask) {
    const full = tf.broadcastTo(mask, [...lead, Tq, Tk]);
    md = full.dataSync() as Float32Array;
    full.dispose();
  }

  const out = new Float32Array(nb * Tq * dv);
  const scale = 1 / Math.sqrt(dk);
  const w = new Array<number>(Tk);
  for (let b = 0; b < nb; b++) {
    for (let i = 0; i < Tq; i++) {
      let max = -Infinity;
      for (let j = 0; j < Tk; j++) {
        let s = 0;
        for (let d = 0; d < dk; d++) {
          s += qd[(b * Tq + i) * dk + d]! * kd[(b * Tk + j) * dk + d]!;
        }
        s *= scale;
        if (md && md[(b * Tq + i) * Tk + j] === 0) s = -1e9;
        w[j] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let j = 0; j < Tk; j++) {
        const e = Math.exp(w[j]! - max);
        w[j] = e;
        sum += e;
      }
      for (let d = 0; d < dv; d++) {
        let acc = 0;
        for (let j = 0; j < Tk; j++) acc += (w[j]! / sum) * vd[(b * Tk + j) * dv + d]!;
        out[(b * Tq + i) * dv + d] = acc;
      }
    }
  }
  return tf.tensor(out, [...lead, Tq, dv]);
}
