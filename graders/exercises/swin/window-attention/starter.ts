import * as tf from '@tensorflow/tfjs';

/**
 * Attention inside every window: softmax(q kᵀ / √hd + bias + mask) v.
 * q, k, v: [B·nW, heads, N, hd], bias: [heads, N, N],
 * mask: [nW, N, N] (1 = may attend), windows ordered image by image.
 * Returns [B·nW, heads, N, hd].
 */
export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  // TODO: scores, scale, bias, mask (tiled over the images), softmax, then weight v
  return v;
}
