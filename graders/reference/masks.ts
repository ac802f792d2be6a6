import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

// Every mask here uses the contract's convention: float32, 1 = may attend, 0 = blocked.

/**
 * The decoder's causal mask: position i may attend to positions 0..i.
 *
 * Returns: `[size, size]`, 1 on and below the diagonal.
 */
export function causalMask(size: number): Tensor {
  assertSize('causalMask', size);
  return tf.tidy(() => tf.linalg.bandPart(tf.ones([size, size]), -1, 0));
}

/**
 * A padding mask that blocks padded keys, shaped to broadcast over heads and queries.
 *
 * Args: valid `[B, T]`, 1 for a real token and 0 for padding.
 * Returns: `[B, 1, 1, T]` float32.
 */
export function paddingMask(valid: Tensor): Tensor {
  if (valid.rank !== 2) {
    throw new Error(`paddingMask: expected valid [B, T], got [${valid.shape}]`);
  }
  const [B, T] = valid.shape as [number, number];
  return tf.tidy(() => tf.reshape(tf.cast(tf.greater(valid, 0), 'float32'), [B, 1, 1, T]));
}

/**
 * Local (banded) attention: position i may attend to j when |i - j| <= radius.
 * With `causal`, only the past half of the band is kept (i - radius <= j <= i).
 *
 * Returns: `[size, size]`.
 */
export function localMask(size: number, radius: number, causal = false): Tensor {
  assertSize('localMask', size);
  if (!Number.isInteger(radius) || radius < 0) {
    throw new Error(`localMask: radius must be an integer >= 0, got ${radius}`);
  }
  // bandPart refuses a band wider than the matrix; such a band keeps every pair anyway
  const band = Math.min(radius, size - 1);
  return tf.tidy(() => tf.linalg.bandPart(tf.ones([size, size]), band, causal ? 0 : band));
}

function assertSize(fn: string, size: number): void {
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`${fn}: size must be a positive integer, got ${size}`);
  }
}
