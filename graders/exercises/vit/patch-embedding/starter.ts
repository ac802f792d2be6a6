import * as tf from '@tensorflow/tfjs';

/**
 * ViT's patch embedding: cut the images into p × p patches and project each to E values.
 * images: [B, H, W, C], kernel: [p, p, C, E], bias: [E]
 * Returns [B, (H/p)·(W/p), E], patches row-major.
 */
export function patchEmbedding(
  images: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  patchSize: number,
): tf.Tensor {
  const [B, H, W] = images.shape as [number, number, number, number];
  const p = patchSize;
  const E = kernel.shape[3]!;
  // TODO: a convolution with kernel and stride p, plus the bias, reshaped to [B, N, E]
  return tf.zeros([B, (H / p) * (W / p), E]);
}
