import * as tf from '@tensorflow/tfjs';

function band(p: number, size: number, ws: number, shift: number): number {
  if (p < size - ws) return 0;
  if (p < size - shift) return 1;
  return 2;
}

export function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): tf.Tensor {
  const ws = windowSize;
  const N = ws * ws;
  const nWh = H / ws;
  const nWw = W / ws;
  const out = tf.buffer([nWh * nWw, N, N], 'float32');
  for (let wr = 0; wr < nWh; wr++) {
    for (let wc = 0; wc < nWw; wc++) {
      const labels: number[] = [];
      for (let r = 0; r < ws; r++) {
        for (let c = 0; c < ws; c++) {
          const h = wr * ws + r;
          const w = wc * ws + c;
          labels.push(3 * band(h, H, ws, shiftSize) + band(w, W, ws, shiftSize));
        }
      }
      const win = wr * nWw + wc;
      for (let i = 0; i < N; i++)
        for (let j = 0; j < N; j++) out.set(labels[i] === labels[j] ? 1 : 0, win, i, j);
    }
  }
  return out.toTensor();
}
