import * as tf from '@tensorflow/tfjs';

export function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): tf.Tensor {
  const ws = windowSize;

  // region labels of the shifted map: three bands along each axis
  const band = (i: number, size: number) => (i < shiftSize ? 0 : i < ws ? 1 : 2);
  const labels: number[] = [];
  for (let h = 0; h < H; h++) {
    for (let w = 0; w < W; w++) labels.push(3 * band(h, H) + band(w, W));
  }

  return tf.tidy(() => {
    const windows = tf
      .tensor(labels, [H / ws, ws, W / ws, ws]) // (nH, ws, nW_, ws)
      .transpose([0, 2, 1, 3]) // (nH, nW_, ws, ws)
      .reshape([-1, ws * ws]); // (nW, N)
    return tf.equal(windows.expandDims(2), windows.expandDims(1)).cast('float32'); // (nW, N, N)
  });
}
