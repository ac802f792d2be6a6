import * as tf from '@tensorflow/tfjs';

// Only the wrapped-round strip [S - shift, S) is told apart on each axis: the first two bands of
// the statement never share a window (S - ws is a window boundary), so merging them changes nothing.
export const shiftedWindowMask = (
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): tf.Tensor =>
  tf.tidy(() => {
    const ws = windowSize;
    const wrappedRows = tf
      .range(0, H)
      .greaterEqual(H - shiftSize)
      .toFloat()
      .reshape([H, 1]);
    const wrappedCols = tf
      .range(0, W)
      .greaterEqual(W - shiftSize)
      .toFloat()
      .reshape([1, W]);
    const label = wrappedRows.mul(2).add(wrappedCols); // 0..3
    const perWindow = label
      .reshape([H / ws, ws, W / ws, ws])
      .transpose([0, 2, 1, 3])
      .reshape([(H / ws) * (W / ws), ws * ws]);
    return tf.equal(perWindow.expandDims(2), perWindow.expandDims(1));
  });
