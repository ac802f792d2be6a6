import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Cuts each image into non-overlapping windows, as the official Swin `window_partition`.
 *
 * Args: x `[B, H, W, C]`, H and W divisible by windowSize.
 * Returns: `[B · nW, ws, ws, C]`, windows row-major inside each image, images one after
 * another (nW = H/ws · W/ws).
 */
export function windowPartition(x: Tensor, windowSize: number): Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  checkGrid('windowPartition', x.rank, H, W, windowSize, `x [${x.shape}]`);
  const ws = windowSize;
  return tf.tidy(() => {
    const grid = tf.reshape(x, [B, H / ws, ws, W / ws, ws, C]); // (B, nH, ws, nW_, ws, C)
    const windows = tf.transpose(grid, [0, 1, 3, 2, 4, 5]); // (B, nH, nW_, ws, ws, C)
    return tf.reshape(windows, [-1, ws, ws, C]); // (B·nW, ws, ws, C)
  });
}

/**
 * Puts windows back into images, the inverse of `windowPartition`.
 *
 * Args: windows `[B · nW, ws, ws, C]`, windowSize, H, W.
 * Returns: `[B, H, W, C]`.
 */
export function windowReverse(windows: Tensor, windowSize: number, H: number, W: number): Tensor {
  const ws = windowSize;
  checkGrid('windowReverse', 4, H, W, ws, `H = ${H}, W = ${W}`);
  const [count, wh, ww, C] = windows.shape as [number, number, number, number];
  const perImage = (H / ws) * (W / ws);
  if (windows.rank !== 4 || wh !== ws || ww !== ws || count % perImage !== 0) {
    throw new Error(
      `windowReverse: expected windows [B·${perImage}, ${ws}, ${ws}, C], ` +
        `got [${windows.shape}]`,
    );
  }
  const B = count / perImage;
  return tf.tidy(() => {
    const grid = tf.reshape(windows, [B, H / ws, W / ws, ws, ws, C]); // (B, nH, nW_, ws, ws, C)
    const images = tf.transpose(grid, [0, 1, 3, 2, 4, 5]); // (B, nH, ws, nW_, ws, C)
    return tf.reshape(images, [B, H, W, C]); // (B, H, W, C)
  });
}

function checkGrid(fn: string, rank: number, H: number, W: number, ws: number, got: string) {
  if (rank !== 4 || !Number.isInteger(ws) || ws < 1 || H % ws !== 0 || W % ws !== 0) {
    throw new Error(
      `${fn}: expected [B, H, W, C] with H and W divisible by the window ` +
        `size ${ws}, got ${got}`,
    );
  }
}
