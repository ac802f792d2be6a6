import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Layer normalisation over the last axis, as `torch.nn.functional.layer_norm`: biased
 * variance, `eps` inside the square root, then the affine `gamma`, `beta`.
 *
 * Args: x `[..., C]`, gamma `[C]`, beta `[C]`.
 * Returns: `[..., C]`.
 */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const C = x.shape[x.rank - 1];
  if (gamma.size !== C || beta.size !== C) {
    throw new Error(
      `layerNorm: x [${x.shape}] needs gamma and beta of ${C} values, ` +
        `got [${gamma.shape}] and [${beta.shape}]`,
    );
  }
  return tf.tidy(() => {
    const mean = tf.mean(x, -1, true); // (..., 1)
    const centered = tf.sub(x, mean); // (..., C)
    const variance = tf.mean(tf.square(centered), -1, true); // (..., 1), biased
    const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, eps))); // (..., C)
    return tf.add(tf.mul(normed, gamma), beta);
  });
}
