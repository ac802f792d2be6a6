import type { Tensor } from '@tensorflow/tfjs-core';
import { mergeHeads, splitHeads } from './heads.ts';
import { linear } from './linear.ts';
import { scaledDotProductAttention } from './scaled-dot-product-attention.ts';
import { partOutput, scoped } from './seam.ts';
import type { Async, MultiHeadAttentionFn, ScaledDotProductAttentionFn } from './types.ts';

/**
 * Builds multi-head attention on top of a given scaled dot-product attention, so that a
 * learner's attention can be plugged in.
 */
export function createMultiHeadAttention(parts: {
  scaledDotProductAttention: ScaledDotProductAttentionFn;
}): Async<MultiHeadAttentionFn> {
  return (query, key, value, w, numHeads, mask) =>
    scoped(async () => {
      const [B, T, C] = query.shape as [number, number, number];
      const S = key.shape[1]!;
      checkInputs(query, key, value, numHeads);

      // project, then split the channels into heads
      const q = splitHeads(linear(query, w.wq, w.bq), numHeads); // (B, nh, T, hs)
      const k = splitHeads(linear(key, w.wk, w.bk), numHeads); // (B, nh, S, hs)
      const v = splitHeads(linear(value, w.wv, w.bv), numHeads); // (B, nh, S, hs)

      // attend within each head
      const hs = C / numHeads;
      const y = await partOutput(
        'scaledDotProductAttention',
        parts.scaledDotProductAttention(q, k, v, mask),
        [B, numHeads, T, hs],
      ); // (B, nh, T, hs)

      // join the heads and mix them
      return linear(mergeHeads(y), w.wo, w.bo); // (B, T, C)
    });
}

/**
 * Multi-head attention (self or cross), as `torch.nn.MultiheadAttention(batch_first=True)`
 * computes it, with weights in the `[in, out]` layout.
 *
 * Args: query `[B, T, C]`, key and value `[B, S, C]`, w `{wq, bq, wk, bk, wv, bv, wo, bo}`
 * (W `[C, C]`, b `[C]`), mask broadcastable to `[B, numHeads, T, S]`, 1 = may attend.
 * Returns: a promise of `[B, T, C]`.
 */
export const multiHeadAttention = createMultiHeadAttention({ scaledDotProductAttention });

function checkInputs(query: Tensor, key: Tensor, value: Tensor, numHeads: number): void {
  if (query.rank !== 3 || key.rank !== 3 || value.rank !== 3) {
    throw new Error(
      `multiHeadAttention: expected query [B, T, C], key and value [B, S, C], ` +
        `got [${query.shape}], [${key.shape}], [${value.shape}]`,
    );
  }
  const C = query.shape[2]!;
  if (C % numHeads !== 0) {
    throw new Error(`multiHeadAttention: C = ${C} is not divisible by numHeads = ${numHeads}`);
  }
  if (key.shape[1] !== value.shape[1]) {
    throw new Error(
      `multiHeadAttention: key [${key.shape}] and value [${value.shape}] ` + `differ in length`,
    );
  }
}
