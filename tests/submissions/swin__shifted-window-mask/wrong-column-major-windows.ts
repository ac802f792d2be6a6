// Bug: enumerates the windows column by column (top to bottom first) instead of row-major.
import * as tf from '@tensorflow/tfjs';

export function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): tf.Tensor {
  const ws = windowSize;
  const lab = (p: number, S: number) => (p < S - ws ? 0 : p < S - shiftSize ? 1 : 2);
  const img = tf.buffer([H, W]);
  for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) img.set(3 * lab(h, H) + lab(w, W), h, w);
  return tf.tidy(() => {
    const mw = img
      .toTensor()
      .reshape([H / ws, ws, W / ws, ws])
      .transpose([2, 0, 1, 3])
      .reshape([-1, ws * ws]);
    return tf.equal(mw.expandDims(1), mw.expandDims(2)).toFloat();
  });
}
