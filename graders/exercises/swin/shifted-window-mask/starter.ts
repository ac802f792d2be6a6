import * as tf from '@tensorflow/tfjs';

/**
 * The attention mask of shifted windows.
 * H, W divisible by windowSize; 0 <= shiftSize < windowSize.
 * Returns [nW, ws², ws²]: 1 where two tokens of a window came from the same region.
 */
export function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): tf.Tensor {
  const nW = (H / windowSize) * (W / windowSize);
  const N = windowSize * windowSize;
  // TODO: label the regions of the shifted map, cut the labels into windows, compare pairs
  return tf.ones([nW, N, N]);
}
