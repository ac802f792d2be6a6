import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Cuts images into patches and projects each to an embedding: a convolution whose kernel and
 * stride are both the patch size (ViT's and Swin's patch embedding).
 *
 * Args: images `[B, H, W, Cin]` (H and W divisible by patchSize), kernel `[p, p, Cin, E]`,
 * bias `[E]`, patchSize p.
 * Returns: `[B, (H/p) · (W/p), E]`, patches row-major.
 */
export function patchEmbedding(
  images: Tensor,
  kernel: Tensor,
  bias: Tensor,
  patchSize: number,
): Tensor {
  const [B, H, W, Cin] = images.shape as [number, number, number, number];
  const p = patchSize;
  const fits =
    kernel.rank === 4 && kernel.shape[0] === p && kernel.shape[1] === p && kernel.shape[2] === Cin;
  if (images.rank !== 4 || H % p !== 0 || W % p !== 0 || !fits) {
    throw new Error(
      `patchEmbedding: expected images [B, H, W, C] with H and W divisible by ` +
        `${p} and kernel [${p}, ${p}, C, E], got [${images.shape}] and [${kernel.shape}]`,
    );
  }
  const E = kernel.shape[3]!;
  return tf.tidy(() => {
    const patches = tf.conv2d(images as tf.Tensor4D, kernel as tf.Tensor4D, p, 'valid');
    // (B, H/p, W/p, E)
    return tf.reshape(tf.add(patches, bias), [B, (H / p) * (W / p), E]); // (B, N, E)
  });
}

/**
 * Converts a PyTorch `Conv2d` weight to the kernel layout above.
 *
 * Args: weight `[E, Cin, p, p]`. Returns: `[p, p, Cin, E]`.
 */
export function kernelFromTorch(weight: Tensor): Tensor {
  return tf.transpose(weight, [2, 3, 1, 0]);
}
