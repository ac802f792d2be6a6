import * as tf from '@tensorflow/tfjs';

export function patchEmbedding(
  images: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  patchSize: number,
): tf.Tensor {
  const [B, H, W] = images.shape as [number, number, number, number];
  const p = patchSize;
  const E = kernel.shape[3]!;
  return tf.tidy(
    () =>
      tf
        .conv2d(images as tf.Tensor4D, kernel as tf.Tensor4D, p, 'valid') // (B, H/p, W/p, E)
        .add(bias)
        .transpose([0, 2, 1, 3]) // (B, W/p, H/p, E)
        .reshape([B, (H / p) * (W / p), E]), // (B, N, E)
  );
}
