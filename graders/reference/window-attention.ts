import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { sameShape } from './shapes.ts';

/** The official Swin code adds this to the scores of pairs its mask blocks. */
export const SWIN_MASK_PENALTY = -100;

/**
 * Swin's window attention (the official `WindowAttention` without its projections):
 * `softmax(q kᵀ / √hd + bias + mask) v`, with blocked pairs penalised by -100.
 *
 * Args: q, k, v `[B·nW, heads, N, hd]`, bias `[heads, N, N]`,
 * mask `[nW, N, N]` (1 = same region, 0 = blocked), windows ordered image by image.
 * Returns: `[B·nW, heads, N, hd]`.
 */
export function windowAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  bias: Tensor,
  mask?: Tensor,
): Tensor {
  const [windows, heads, N, hd] = q.shape as [number, number, number, number];
  const qkvFit =
    q.rank === 4 &&
    sameShape(k.shape, q.shape) &&
    v.rank === 4 &&
    sameShape(v.shape.slice(0, 3), q.shape.slice(0, 3));
  if (!qkvFit || !sameShape(bias.shape, [heads, N, N])) {
    throw new Error(
      `windowAttention: expected q and k [B·nW, heads, N, hd], v ` +
        `[B·nW, heads, N, dv] and bias [heads, N, N], got q [${q.shape}], k [${k.shape}], ` +
        `v [${v.shape}] and bias [${bias.shape}]`,
    );
  }
  return tf.tidy(() => {
    const scaled = tf.mul(q, 1 / Math.sqrt(hd));
    let scores = tf.matMul(scaled, k, false, true);
    // (B·nW, heads, N, hd) x (B·nW, heads, hd, N) -> (B·nW, heads, N, N)
    scores = tf.add(scores, bias);
    if (mask) scores = addWindowMask(scores, mask, windows, heads, N);
    return tf.matMul(tf.softmax(scores, -1), v);
    // (B·nW, heads, N, N) x (B·nW, heads, N, hd) -> (B·nW, heads, N, hd)
  });
}

function addWindowMask(
  scores: Tensor,
  mask: Tensor,
  windows: number,
  heads: number,
  N: number,
): Tensor {
  const nW = mask.shape[0]!;
  if (mask.rank !== 3 || windows % nW !== 0 || mask.shape[1] !== N || mask.shape[2] !== N) {
    throw new Error(
      `windowAttention: expected mask [nW, ${N}, ${N}] with nW dividing ` +
        `${windows}, got [${mask.shape}]`,
    );
  }
  const blocked = tf.sub(1, tf.cast(tf.greater(mask, 0), 'float32')); // (nW, N, N)
  const penalty = tf.mul(blocked, SWIN_MASK_PENALTY); // 0 or -100
  const perImage = tf.reshape(scores, [windows / nW, nW, heads, N, N]); // (B, nW, heads, N, N)
  const masked = tf.add(perImage, tf.reshape(penalty, [1, nW, 1, N, N]));
  return tf.reshape(masked, [windows, heads, N, N]); // (B·nW, heads, N, N)
}
