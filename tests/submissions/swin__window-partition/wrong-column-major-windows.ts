// Bug: orders the windows column-major (top to bottom, then left to right) inside each image.
import * as tf from '@tensorflow/tfjs';

export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const ws = windowSize;
  return x
    .reshape([B, H / ws, ws, W / ws, ws, C])
    .transpose([0, 3, 1, 2, 4, 5])
    .reshape([-1, ws, ws, C]);
}

export function windowReverse(
  windows: tf.Tensor,
  windowSize: number,
  H: number,
  W: number,
): tf.Tensor {
  const ws = windowSize;
  const C = windows.shape[3]!;
  const B = windows.shape[0]! / ((H / ws) * (W / ws));
  return windows
    .reshape([B, W / ws, H / ws, ws, ws, C])
    .transpose([0, 2, 3, 1, 4, 5])
    .reshape([B, H, W, C]);
}
