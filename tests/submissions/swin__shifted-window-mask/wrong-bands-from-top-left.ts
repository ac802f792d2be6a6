// Bug: puts the region boundaries at shift and ws (counting from the top/left) instead of S - ws and S - shift.
import * as tf from '@tensorflow/tfjs';

function band(p: number, ws: number, shift: number): number {
  if (p < shift) return 0;
  if (p < ws) return 1;
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
  const nWw = W / ws;
  const nW = (H / ws) * nWw;
  const out = tf.buffer([nW, N, N]);
  for (let win = 0; win < nW; win++) {
    const labels: number[] = [];
    for (let t = 0; t < N; t++) {
      const h = Math.floor(win / nWw) * ws + Math.floor(t / ws);
      const w = (win % nWw) * ws + (t % ws);
      labels.push(3 * band(h, ws, shiftSize) + band(w, ws, shiftSize));
    }
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) out.set(labels[i] === labels[j] ? 1 : 0, win, i, j);
  }
  return out.toTensor();
}
