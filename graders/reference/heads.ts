import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Splits the channels into heads.
 *
 * Args: x `[B, T, C]`, C divisible by numHeads.
 * Returns: `[B, numHeads, T, C / numHeads]`.
 */
export function splitHeads(x: Tensor, numHeads: number): Tensor {
  const [B, T, C] = x.shape as [number, number, number];
  if (x.rank !== 3 || !Number.isInteger(numHeads) || numHeads < 1 || C % numHeads !== 0) {
    throw new Error(
      `splitHeads: expected [B, T, C] with C divisible by ${numHeads}, ` + `got [${x.shape}]`,
    );
  }
  return tf.tidy(() => {
    const y = tf.reshape(x, [B, T, numHeads, C / numHeads]); // (B, T, nh, hs)
    return tf.transpose(y, [0, 2, 1, 3]); // (B, nh, T, hs)
  });
}

/**
 * Joins the heads back into channels, the inverse of `splitHeads`.
 *
 * Args: x `[B, nh, T, hs]`.
 * Returns: `[B, T, nh * hs]`.
 */
export function mergeHeads(x: Tensor): Tensor {
  const [B, nh, T, hs] = x.shape as [number, number, number, number];
  return tf.tidy(() => {
    const y = tf.transpose(x, [0, 2, 1, 3]); // (B, T, nh, hs)
    return tf.reshape(y, [B, T, nh * hs]); // (B, T, C)
  });
}
