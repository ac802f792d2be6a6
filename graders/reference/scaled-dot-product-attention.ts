import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { assertRankAtLeast, broadcastShape } from './shapes.ts';

/**
 * Attention scores `q kᵀ / √dk`, with blocked pairs set to -Infinity.
 *
 * Args: q `[..., Tq, dk]`, k `[..., Tk, dk]`, mask broadcastable to `[..., Tq, Tk]`
 * (1 = may attend, 0 = blocked).
 * Returns: `[..., Tq, Tk]`. A row whose keys are all blocked is all -Infinity; its softmax
 * is NaN, exactly as PyTorch's `masked_fill(-inf)` gives.
 */
export function attentionScores(q: Tensor, k: Tensor, mask?: Tensor): Tensor {
  assertRankAtLeast('attention q', q, 2);
  assertRankAtLeast('attention k', k, 2);
  const dk = q.shape[q.rank - 1]!;
  if (k.shape[k.rank - 1] !== dk) {
    throw new Error(`attention: q [${q.shape}] and k [${k.shape}] differ in their last axis`);
  }
  return tf.tidy(() => {
    const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dk));
    // (..., Tq, dk) x (..., dk, Tk) -> (..., Tq, Tk)
    return mask ? applyMask(scores, mask) : scores;
  });
}

/**
 * Sets the scores of blocked pairs to -Infinity.
 *
 * Args: scores `[..., Tq, Tk]`, mask broadcastable to it (1 = may attend, 0 = blocked).
 * Returns: the scores, broadcast to the joint shape of both.
 */
export function applyMask(scores: Tensor, mask: Tensor): Tensor {
  const shape = broadcastShape(scores.shape, mask.shape);
  return tf.tidy(() => {
    const allowed = tf.broadcastTo(tf.greater(mask, 0), shape);
    const blocked = tf.fill(shape, -Infinity);
    return tf.where(allowed, tf.broadcastTo(scores, shape), blocked);
  });
}

/**
 * The attention weights `softmax(q kᵀ / √dk)` over the keys.
 *
 * Returns: `[..., Tq, Tk]`, each row summing to 1.
 */
export function attentionWeights(q: Tensor, k: Tensor, mask?: Tensor): Tensor {
  return tf.tidy(() => tf.softmax(attentionScores(q, k, mask), -1));
}

/**
 * Scaled dot-product attention, `softmax(q kᵀ / √dk) v`, for inputs of any rank >= 2.
 *
 * Args: q `[..., Tq, dk]`, k `[..., Tk, dk]`, v `[..., Tk, dv]`,
 * mask (optional) broadcastable to `[..., Tq, Tk]`, 1 = may attend, 0 = blocked.
 * Returns: `[..., Tq, dv]`.
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, mask?: Tensor): Tensor {
  assertRankAtLeast('attention q', q, 2);
  assertRankAtLeast('attention k', k, 2);
  assertRankAtLeast('attention v', v, 2);
  if (v.shape[v.rank - 2] !== k.shape[k.rank - 2]) {
    throw new Error(`attention: k [${k.shape}] and v [${v.shape}] differ in length (Tk)`);
  }
  return tf.tidy(() => {
    const weights = attentionWeights(q, k, mask); // (..., Tq, Tk)
    return tf.matMul(weights, v); // (..., Tq, Tk) x (..., Tk, dv) -> (..., Tq, dv)
  });
}
