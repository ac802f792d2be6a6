import * as tf from '@tensorflow/tfjs';

// The batch axis moved after the window grid: window w of every image side by side.
export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const ws = windowSize;
  return x
    .reshape([B, H / ws, ws, W / ws, ws, C]) // (B, nH, ws, nW, ws, C)
    .transpose([1, 3, 0, 2, 4, 5]) // (nH, nW, B, ws, ws, C)
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
    .reshape([H / ws, W / ws, B, ws, ws, C]) // (nH, nW, B, ws, ws, C)
    .transpose([2, 0, 3, 1, 4, 5]) // (B, nH, ws, nW, ws, C)
    .reshape([B, H, W, C]);
}
