// Bug: windowPartition is right, but windowReverse swaps the roles of H and W (only fine for square maps).
import * as tf from '@tensorflow/tfjs';

export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const ws = windowSize;
  return x
    .reshape([B, H / ws, ws, W / ws, ws, C])
    .transpose([0, 1, 3, 2, 4, 5])
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
    .transpose([0, 1, 3, 2, 4, 5])
    .reshape([B, W, H, C]);
}
