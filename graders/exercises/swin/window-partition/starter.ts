import * as tf from '@tensorflow/tfjs';

/**
 * Cuts each image into non-overlapping ws × ws windows.
 * x: [B, H, W, C] -> [B·nW, ws, ws, C], windows row-major inside each image,
 * images one after another (nW = H/ws · W/ws).
 */
export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  // TODO: reshape to [B, H/ws, ws, W/ws, ws, C], transpose, reshape to [-1, ws, ws, C]
  return x;
}

/**
 * Puts windows back into images: the inverse of windowPartition.
 * windows: [B·nW, ws, ws, C] -> [B, H, W, C]
 */
export function windowReverse(
  windows: tf.Tensor,
  windowSize: number,
  H: number,
  W: number,
): tf.Tensor {
  // TODO: reshape to [B, H/ws, W/ws, ws, ws, C], transpose, reshape to [B, H, W, C]
  return windows;
}
