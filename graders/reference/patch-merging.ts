import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { layerNorm } from './layer-norm.ts';
import { linear } from './linear.ts';

/** Swin's patch-merging weights: LayerNorm over 4C, then a reduction `[4C, 2C]` (no bias). */
export interface PatchMergingWeights {
  gamma: Tensor;
  beta: Tensor;
  reduction: Tensor;
}

/**
 * Gathers each 2×2 neighbourhood into one token of 4C channels, in the official order:
 * (0, 0), (1, 0), (0, 1), (1, 1) as (row, column) offsets.
 *
 * Args: x `[B, H, W, C]`, H and W even.
 * Returns: `[B, H/2, W/2, 4C]`.
 */
export function gatherPatches(x: Tensor): Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  if (x.rank !== 4 || H % 2 !== 0 || W % 2 !== 0) {
    throw new Error(`patchMerging: expected x [B, H, W, C] with H and W even, got [${x.shape}]`);
  }
  return tf.tidy(() => {
    const grid = tf.reshape(x, [B, H / 2, 2, W / 2, 2, C]); // (B, H/2, dh, W/2, dw, C)
    const ordered = tf.transpose(grid, [0, 1, 3, 4, 2, 5]); // (B, H/2, W/2, dw, dh, C)
    return tf.reshape(ordered, [B, H / 2, W / 2, 4 * C]); // (B, H/2, W/2, 4C)
  });
}

/**
 * Swin's patch merging, the downsampling between stages: halves H and W, doubles C.
 *
 * Args: x `[B, H, W, C]`, weights gamma and beta `[4C]`, reduction `[4C, 2C]`.
 * Returns: `[B, H/2, W/2, 2C]`.
 */
export function patchMerging(x: Tensor, w: PatchMergingWeights, eps = 1e-5): Tensor {
  return tf.tidy(() => linear(layerNorm(gatherPatches(x), w.gamma, w.beta, eps), w.reduction));
}
