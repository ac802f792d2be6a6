import * as tf from '@tensorflow/tfjs-core';
import * as ref from '../reference/index.ts';
import { partOutput } from '../reference/seam.ts';
import type {
  BertEmbeddingsFn,
  FeedForwardFn,
  PatchEmbeddingFn,
  PatchMergingFn,
} from '../reference/index.ts';

/**
 * The seam between the reference models and the exercises: every function a learner writes
 * that a model uses. A model takes `Partial<ModelParts>`; what is not given is the reference.
 * Composite parts (multi-head attention, causal self-attention, BERT embeddings, patch
 * merging) are rebuilt on the given smaller parts, so a learner's attention or LayerNorm
 * reaches every place the model uses it.
 */
export interface ModelParts {
  scaledDotProductAttention: ref.ScaledDotProductAttentionFn;
  causalMask: ref.CausalMaskFn;
  multiHeadAttention: ref.MultiHeadAttentionFn;
  causalSelfAttention: ref.CausalSelfAttentionFn;
  layerNorm: ref.LayerNormFn;
  feedForward: FeedForwardFn;
  bertEmbeddings: BertEmbeddingsFn;
  windowPartition: ref.WindowPartitionFn;
  windowReverse: ref.WindowReverseFn;
  shiftedWindowMask: ref.ShiftedWindowMaskFn;
  windowAttention: ref.WindowAttentionFn;
  patchEmbedding: PatchEmbeddingFn;
  patchMerging: PatchMergingFn;
}

/** The parts a model uses, the given ones first and the references for the rest. */
export function resolveParts(given: Partial<ModelParts> = {}): ModelParts {
  const scaledDotProductAttention =
    given.scaledDotProductAttention ?? ref.scaledDotProductAttention;
  const causalMask = given.causalMask ?? ref.causalMask;
  const layerNorm = given.layerNorm ?? ref.layerNorm;
  return {
    scaledDotProductAttention,
    causalMask,
    layerNorm,
    multiHeadAttention:
      given.multiHeadAttention ?? ref.createMultiHeadAttention({ scaledDotProductAttention }),
    causalSelfAttention:
      given.causalSelfAttention ??
      ref.createCausalSelfAttention({ scaledDotProductAttention, causalMask }),
    feedForward: given.feedForward ?? ref.feedForward,
    bertEmbeddings: given.bertEmbeddings ?? composeBertEmbeddings(layerNorm),
    windowPartition: given.windowPartition ?? ref.windowPartition,
    windowReverse: given.windowReverse ?? ref.windowReverse,
    shiftedWindowMask: given.shiftedWindowMask ?? ref.shiftedWindowMask,
    windowAttention: given.windowAttention ?? ref.windowAttention,
    patchEmbedding: given.patchEmbedding ?? ref.patchEmbedding,
    patchMerging: given.patchMerging ?? composePatchMerging(layerNorm),
  };
}

function composeBertEmbeddings(layerNorm: ref.LayerNormFn): BertEmbeddingsFn {
  return async (inputIds, tokenTypeIds, w, eps = 1e-12) => {
    const sum = ref.bertEmbeddingSum(inputIds, tokenTypeIds, w); // (B, T, C)
    const out = await partOutput('layerNorm', layerNorm(sum, w.gamma, w.beta, eps), sum.shape);
    sum.dispose();
    return out;
  };
}

function composePatchMerging(layerNorm: ref.LayerNormFn): PatchMergingFn {
  return async (x, w, eps = 1e-5) => {
    const merged = ref.gatherPatches(x); // (B, H/2, W/2, 4C)
    const normed = await partOutput(
      'layerNorm',
      layerNorm(merged, w.gamma, w.beta, eps),
      merged.shape,
    );
    const out = ref.linear(normed, w.reduction); // (B, H/2, W/2, 2C)
    tf.dispose([merged, normed]);
    return out;
  };
}
