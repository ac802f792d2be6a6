// Bug: labels regions by the row band only and forgets the column bands.
import * as tf from '@tensorflow/tfjs';

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
    const lab: number[] = [];
    for (let t = 0; t < N; t++) {
      const h = Math.floor(win / nWw) * ws + Math.floor(t / ws);
      lab.push(h < H - ws ? 0 : h < H - shiftSize ? 1 : 2);
    }
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) out.set(lab[i] === lab[j] ? 1 : 0, win, i, j);
  }
  return out.toTensor();
}
