import * as tf from '@tensorflow/tfjs';

export function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): tf.Tensor {
  const ws = windowSize;

  // two bands measured inside each window: every window gets split
  const band = (i: number) => (i % ws < ws - shiftSize ? 0 : 1);
  const labels: number[] = [];
  for (let h = 0; h < H; h++) {
    for (let w = 0; w < W; w++) labels.push(2 * band(h) + band(w));
  }

  return tf.tidy(() => {
    const windows = tf
      .tensor(labels, [H / ws, ws, W / ws, ws]) // (nH, ws, nW_, ws)
      .transpose([0, 2, 1, 3]) // (nH, nW_, ws, ws)
      .reshape([-1, ws * ws]); // (nW, N)
    return tf.equal(windows.expandDims(2), windows.expandDims(1)).cast('float32'); // (nW, N, N)
  });
}
