import type { Tensor } from '@tensorflow/tfjs-core';
import type { BertEmbeddingWeights } from './embeddings.ts';
import type { FeedForwardWeights } from './feed-forward.ts';
import type { PatchMergingWeights } from './patch-merging.ts';

/** A learner's function may return its tensor directly or as a promise (the contract allows it). */
export type MaybePromise<T> = T | Promise<T>;

/** The same signature, always returning a promise (what the composed references return). */
export type Async<F extends (...args: never[]) => unknown> = (
  ...args: Parameters<F>
) => Promise<Tensor>;

/** Weights of a linear layer in the contract's layout: `y = x @ w + b`, w `[in, out]`. */
export interface LinearWeights {
  w: Tensor;
  b?: Tensor;
}

/** LayerNorm's affine parameters, both `[C]`. */
export interface LayerNormWeights {
  gamma: Tensor;
  beta: Tensor;
}

// The signatures of ../shared/exercise-contract.md. A model's seam takes functions of these
// types, so a learner's implementation can replace the reference one.

export type ScaledDotProductAttentionFn = (
  q: Tensor,
  k: Tensor,
  v: Tensor,
  mask?: Tensor,
) => MaybePromise<Tensor>;

export type CausalMaskFn = (size: number) => MaybePromise<Tensor>;

export type LayerNormFn = (
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  eps?: number,
) => MaybePromise<Tensor>;

/** Multi-head attention weights, every W `[C, C]`, every b `[C]`. */
export interface MultiHeadWeights {
  wq: Tensor;
  bq: Tensor;
  wk: Tensor;
  bk: Tensor;
  wv: Tensor;
  bv: Tensor;
  wo: Tensor;
  bo: Tensor;
}

export type MultiHeadAttentionFn = (
  query: Tensor,
  key: Tensor,
  value: Tensor,
  w: MultiHeadWeights,
  numHeads: number,
  mask?: Tensor,
) => MaybePromise<Tensor>;

/** nanoGPT attention weights: wqkv `[C, 3C]` (q | k | v), bqkv `[3C]`, wo `[C, C]`, bo `[C]`. */
export interface CausalSelfAttentionWeights {
  wqkv: Tensor;
  bqkv: Tensor;
  wo: Tensor;
  bo: Tensor;
}

export type CausalSelfAttentionFn = (
  x: Tensor,
  w: CausalSelfAttentionWeights,
  numHeads: number,
) => MaybePromise<Tensor>;

export type WindowPartitionFn = (x: Tensor, windowSize: number) => MaybePromise<Tensor>;

export type WindowReverseFn = (
  windows: Tensor,
  windowSize: number,
  H: number,
  W: number,
) => MaybePromise<Tensor>;

export type ShiftedWindowMaskFn = (
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
) => MaybePromise<Tensor>;

export type WindowAttentionFn = (
  q: Tensor,
  k: Tensor,
  v: Tensor,
  bias: Tensor,
  mask?: Tensor,
) => MaybePromise<Tensor>;

/** An activation such as ReLU or GELU, applied element-wise. */
export type ActivationFn = (x: Tensor) => MaybePromise<Tensor>;

export type FeedForwardFn = (
  x: Tensor,
  w: FeedForwardWeights,
  activation: (h: Tensor) => Tensor,
) => MaybePromise<Tensor>;

export type BertEmbeddingsFn = (
  inputIds: Tensor,
  tokenTypeIds: Tensor,
  w: BertEmbeddingWeights,
  eps?: number,
) => MaybePromise<Tensor>;

export type PatchEmbeddingFn = (
  images: Tensor,
  kernel: Tensor,
  bias: Tensor,
  patchSize: number,
) => MaybePromise<Tensor>;

export type PatchMergingFn = (
  x: Tensor,
  w: PatchMergingWeights,
  eps?: number,
) => MaybePromise<Tensor>;
