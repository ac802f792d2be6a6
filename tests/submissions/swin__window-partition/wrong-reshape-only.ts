// Bug: reshapes without the transpose, so each "window" is a run of consecutive pixels in a row.
import * as tf from '@tensorflow/tfjs';

export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  const C = x.shape[3]!;
  return x.reshape([-1, windowSize, windowSize, C]);
}

export function windowReverse(
  windows: tf.Tensor,
  windowSize: number,
  H: number,
  W: number,
): tf.Tensor {
  void windowSize;
  const C = windows.shape[3]!;
  return windows.reshape([-1, H, W, C]);
}
