import * as tf from '@tensorflow/tfjs';

// Windows ordered down the columns first: the window-grid axes are swapped.
export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const ws = windowSize;
  return x
    .reshape([B, H / ws, ws, W / ws, ws, C]) // (B, nH, ws, nW, ws, C)
    .transpose([0, 3, 1, 2, 4, 5]) // (B, nW, nH, ws, ws, C)
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
    .reshape([B, W / ws, H / ws, ws, ws, C]) // (B, nW, nH, ws, ws, C)
    .transpose([0, 2, 3, 1, 4, 5]) // (B, nH, ws, nW, ws, C)
    .reshape([B, H, W, C]);
}
