import * as tf from '@tensorflow/tfjs';

/**
 * Swin's patch merging: 2 × 2 neighbours into 4C channels, LayerNorm, then the reduction.
 * x: [B, H, W, C], w.gamma and w.beta: [4C], w.reduction: [4C, 2C]
 * Returns [B, H/2, W/2, 2C].
 */
export function patchMerging(
  x: tf.Tensor,
  w: { gamma: tf.Tensor; beta: tf.Tensor; reduction: tf.Tensor },
  eps = 1e-5,
): tf.Tensor {
  // TODO: gather (0, 0), (1, 0), (0, 1), (1, 1), LayerNorm over 4C, multiply by w.reduction
  return x;
}
