import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Swin's relative position index: for tokens a and b of a window (row-major), the row of the
 * bias table that holds their offset, `(ha - hb + ws - 1) · (2ws - 1) + (wa - wb + ws - 1)`.
 *
 * Returns: `[ws², ws²]` int32, values in `[0, (2ws - 1)²)`.
 */
export function relativePositionIndex(windowSize: number): Tensor {
  const ws = windowSize;
  if (!Number.isInteger(ws) || ws < 1) {
    throw new Error(`relativePositionIndex: window size must be a positive integer, got ${ws}`);
  }
  const N = ws * ws;
  const index = new Int32Array(N * N);
  for (let a = 0; a < N; a++) {
    for (let b = 0; b < N; b++) {
      const dh = Math.floor(a / ws) - Math.floor(b / ws) + ws - 1;
      const dw = (a % ws) - (b % ws) + ws - 1;
      index[a * N + b] = dh * (2 * ws - 1) + dw;
    }
  }
  return tf.tensor2d(index, [N, N], 'int32');
}

/**
 * The learned relative position bias of every pair of tokens in a window, per head.
 *
 * Args: table `[(2ws - 1)², heads]`, windowSize.
 * Returns: `[heads, ws², ws²]`.
 */
export function relativePositionBias(table: Tensor, windowSize: number): Tensor {
  const ws = windowSize;
  const N = ws * ws;
  const rows = (2 * ws - 1) ** 2;
  if (table.rank !== 2 || table.shape[0] !== rows) {
    throw new Error(
      `relativePositionBias: expected table [${rows}, heads] for window ` +
        `${ws}, got [${table.shape}]`,
    );
  }
  const heads = table.shape[1]!;
  return tf.tidy(() => {
    const index = tf.reshape(relativePositionIndex(ws), [-1]); // (N·N)
    const bias = tf.reshape(tf.gather(table, index), [N, N, heads]); // (N, N, heads)
    return tf.transpose(bias, [2, 0, 1]); // (heads, N, N)
  });
}
