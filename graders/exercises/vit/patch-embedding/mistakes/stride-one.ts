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
  return tf.tidy(() =>
    tf
      .conv2d(images as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'valid') // (B, H-p+1, W-p+1, E)
      .add(bias)
      .reshape([B, -1, E]),
  );
}
