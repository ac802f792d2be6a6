import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * The Transformer's sinusoidal positional encoding:
 * `PE[pos, 2i] = sin(pos / 10000^(2i / d))`, `PE[pos, 2i + 1] = cos(pos / 10000^(2i / d))`.
 *
 * Args: length (number of positions), dModel (odd sizes keep the last sine column).
 * Returns: `[length, dModel]` float32.
 */
export function sinusoidalPositionalEncoding(length: number, dModel: number): Tensor {
  if (!Number.isInteger(length) || length < 1 || !Number.isInteger(dModel) || dModel < 1) {
    throw new Error(
      `sinusoidalPositionalEncoding: length and dModel must be positive ` +
        `integers, got ${length} and ${dModel}`,
    );
  }
  const values = new Float32Array(length * dModel);
  for (let pos = 0; pos < length; pos++) {
    for (let col = 0; col < dModel; col++) {
      const pair = col - (col % 2); // 2i
      const angle = pos / Math.pow(10000, pair / dModel);
      values[pos * dModel + col] = col % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(values, [length, dModel]);
}
