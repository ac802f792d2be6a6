import * as tf from '@tensorflow/tfjs';

// Follows the official code: label img_mask with cnt over the h/w slices, partition it with
// reshape/transpose, then compare every pair of labels; returns a bool mask.
export function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): tf.Tensor {
  const ws = windowSize;
  const img = tf.buffer([1, H, W, 1], 'float32');
  const slices = (S: number): [number, number][] => [
    [0, S - ws],
    [S - ws, S - shiftSize],
    [S - shiftSize, S],
  ];
  let cnt = 0;
  for (const [h0, h1] of slices(H)) {
    for (const [w0, w1] of slices(W)) {
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) img.set(cnt, 0, h, w, 0);
      cnt++;
    }
  }
  return tf.tidy(() => {
    const mw = img
      .toTensor()
      .reshape([1, H / ws, ws, W / ws, ws, 1])
      .transpose([0, 1, 3, 2, 4, 5])
      .reshape([-1, ws * ws]);
    return tf.equal(mw.expandDims(1), mw.expandDims(2));
  });
}
