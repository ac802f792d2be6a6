import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { mergeHeads, splitHeads } from './heads.ts';
import { linear } from './linear.ts';
import { causalMask } from './masks.ts';
import { scaledDotProductAttention } from './scaled-dot-product-attention.ts';
import { partOutput, scoped } from './seam.ts';
import type {
  Async,
  CausalMaskFn,
  CausalSelfAttentionFn,
  ScaledDotProductAttentionFn,
} from './types.ts';

/**
 * Builds nanoGPT's causal self-attention on top of a given attention and causal mask, so that
 * a learner's version of either can be plugged in.
 */
export function createCausalSelfAttention(parts: {
  scaledDotProductAttention: ScaledDotProductAttentionFn;
  causalMask: CausalMaskFn;
}): Async<CausalSelfAttentionFn> {
  return (x, w, numHeads) =>
    scoped(async () => {
      const [B, T, C] = x.shape as [number, number, number];
      if (x.rank !== 3 || C % numHeads !== 0) {
        throw new Error(
          `causalSelfAttention: expected x [B, T, C] with C divisible by ` +
            `${numHeads}, got [${x.shape}]`,
        );
      }

      // one projection, split into q | k | v along the last axis
      const qkv = linear(x, w.wqkv, w.bqkv); // (B, T, 3C)
      const [q, k, v] = tf.split(qkv, 3, 2).map((t) => splitHeads(t, numHeads));
      // q, k, v: (B, nh, T, hs)

      // attend to the past only
      const mask = await partOutput('causalMask', parts.causalMask(T), [T, T], true);
      const y = await partOutput(
        'scaledDotProductAttention',
        parts.scaledDotProductAttention(q!, k!, v!, mask),
        [B, numHeads, T, C / numHeads],
      ); // (B, nh, T, hs)

      // join the heads and project out
      return linear(mergeHeads(y), w.wo, w.bo); // (B, T, C)
    });
}

/**
 * nanoGPT's `CausalSelfAttention` with weights in the `[in, out]` layout.
 *
 * Args: x `[B, T, C]`, w `{wqkv [C, 3C], bqkv [3C], wo [C, C], bo [C]}`, numHeads.
 * Returns: a promise of `[B, T, C]`.
 */
export const causalSelfAttention = createCausalSelfAttention({
  scaledDotProductAttention,
  causalMask,
});
