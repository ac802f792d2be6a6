import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Labels each pixel of the cyclically shifted map with the region it came from: three bands
 * along each axis, `[0, size - ws)`, `[size - ws, size - shift)`, `[size - shift, size)`,
 * numbered row by row as the official Swin code counts them.
 *
 * Returns: `H · W` labels, row-major.
 */
export function shiftRegions(H: number, W: number, windowSize: number, shiftSize: number) {
  const band = (i: number, size: number) =>
    i < size - windowSize ? 0 : i < size - shiftSize ? 1 : 2;
  const labels = new Int32Array(H * W);
  for (let h = 0; h < H; h++) {
    for (let w = 0; w < W; w++) labels[h * W + w] = band(h, H) * 3 + band(w, W);
  }
  return labels;
}

/**
 * The shifted-window attention mask: after the cyclic shift, a window can hold pixels from
 * regions that were not neighbours; they must not attend to each other.
 *
 * Args: H, W (divisible by windowSize), windowSize, shiftSize (0 <= shift < windowSize).
 * Returns: `[nW, ws², ws²]` float32, 1 where two tokens of a window came from the same region.
 */
export function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): Tensor {
  const ws = windowSize;
  if (!Number.isInteger(ws) || ws < 1 || H % ws !== 0 || W % ws !== 0) {
    throw new Error(
      `shiftedWindowMask: H = ${H} and W = ${W} must be divisible by the ` + `window size ${ws}`,
    );
  }
  if (!Number.isInteger(shiftSize) || shiftSize < 0 || shiftSize >= ws) {
    throw new Error(`shiftedWindowMask: shift must be an integer in [0, ${ws}), got ${shiftSize}`);
  }
  const labels = shiftRegions(H, W, ws, shiftSize);
  const N = ws * ws;
  const nW = (H / ws) * (W / ws);
  const mask = new Float32Array(nW * N * N);
  for (let win = 0; win < nW; win++) {
    const top = Math.floor(win / (W / ws)) * ws;
    const left = (win % (W / ws)) * ws;
    const label = (n: number) => labels[(top + Math.floor(n / ws)) * W + left + (n % ws)];
    for (let a = 0; a < N; a++) {
      for (let b = 0; b < N; b++) mask[(win * N + a) * N + b] = label(a) === label(b) ? 1 : 0;
    }
  }
  return tf.tensor3d(mask, [nW, N, N]);
}
