import * as tf from '@tensorflow/tfjs';

// Each patch flattened as (C, p, p); the kernel reshaped in its own (p, p, C) order.
export function patchEmbedding(
  images: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  patchSize: number,
): tf.Tensor {
  const [B, H, W, C] = images.shape as [number, number, number, number];
  const p = patchSize;
  const E = kernel.shape[3]!;
  const patches = images
    .reshape([B, H / p, p, W / p, p, C]) // (B, nH, p, nW, p, C)
    .transpose([0, 1, 3, 5, 2, 4]) // (B, nH, nW, C, p, p)
    .reshape([B, (H / p) * (W / p), C * p * p]); // (B, N, C·p·p)
  return patches.matMul(kernel.reshape([p * p * C, E])).add(bias); // (B, N, E)
}
