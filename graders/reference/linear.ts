import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * A linear layer over the last axis: `y = x @ w + b`.
 *
 * Args: x `[..., in]`, w `[in, out]`, b `[out]` (optional).
 * Returns: `[..., out]`.
 */
export function linear(x: Tensor, w: Tensor, b?: Tensor): Tensor {
  const inDim = x.shape[x.rank - 1];
  const [wIn, out] = w.shape;
  if (w.rank !== 2 || inDim !== wIn) {
    throw new Error(
      `linear: expected x [..., ${wIn}] and w [in, out], got x [${x.shape}] and w [${w.shape}]`,
    );
  }
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const flat = tf.reshape(x, [-1, inDim!]); // (N, in)
    let y = tf.matMul(flat, w); // (N, in) x (in, out) -> (N, out)
    if (b) y = tf.add(y, b);
    return tf.reshape(y, [...lead, out!]); // (..., out)
  });
}
