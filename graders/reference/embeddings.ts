import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { layerNorm } from './layer-norm.ts';
import { sameShape } from './shapes.ts';

/**
 * Looks up one row of an embedding table per id (token, segment or position embedding).
 *
 * Args: ids `[...]` int32, table `[V, C]`.
 * Returns: `[..., C]`. Ids outside `[0, V)` are an error.
 */
export function embed(ids: Tensor, table: Tensor): Tensor {
  const V = table.shape[0]!;
  const values = ids.dataSync();
  for (const id of values) {
    if (!Number.isInteger(id) || id < 0 || id >= V) {
      throw new Error(`embedding: id ${id} is outside the table's ${V} rows`);
    }
  }
  return tf.tidy(() => {
    const flat = tf.gather(table, tf.cast(tf.reshape(ids, [-1]), 'int32')); // (N, C)
    return tf.reshape(flat, [...ids.shape, table.shape[1]!]); // (..., C)
  });
}

/**
 * Learned position embeddings for positions 0..T-1.
 *
 * Args: T, table `[P, C]` with P >= T.
 * Returns: `[T, C]`.
 */
export function positionEmbedding(T: number, table: Tensor): Tensor {
  const P = table.shape[0]!;
  if (T > P) {
    throw new Error(
      `position embedding: sequence of ${T} tokens is longer than the ${P} ` +
        `positions the model was trained for`,
    );
  }
  return tf.slice(table, [0, 0], [T, -1]);
}

/** BERT's embedding tables and the LayerNorm that follows their sum. */
export interface BertEmbeddingWeights {
  wordEmbeddings: Tensor;
  positionEmbeddings: Tensor;
  tokenTypeEmbeddings: Tensor;
  gamma: Tensor;
  beta: Tensor;
}

/**
 * The sum of BERT's three embeddings, before its LayerNorm.
 *
 * Args: inputIds `[B, T]`, tokenTypeIds `[B, T]`, the tables of `w`.
 * Returns: `[B, T, C]`.
 */
export function bertEmbeddingSum(
  inputIds: Tensor,
  tokenTypeIds: Tensor,
  w: BertEmbeddingWeights,
): Tensor {
  if (inputIds.rank !== 2 || !sameShape(inputIds.shape, tokenTypeIds.shape)) {
    throw new Error(
      `bertEmbeddings: expected inputIds and tokenTypeIds [B, T], got ` +
        `[${inputIds.shape}] and [${tokenTypeIds.shape}]`,
    );
  }
  const T = inputIds.shape[1]!;
  return tf.tidy(() => {
    const tokens = embed(inputIds, w.wordEmbeddings); // (B, T, C)
    const segments = embed(tokenTypeIds, w.tokenTypeEmbeddings); // (B, T, C)
    const positions = positionEmbedding(T, w.positionEmbeddings); // (T, C)
    return tf.add(tf.add(tokens, segments), positions);
  });
}

/**
 * BERT's input representation: token + segment + position embeddings, then LayerNorm.
 *
 * Args: inputIds `[B, T]`, tokenTypeIds `[B, T]` (segment A = 0, B = 1), weights, eps.
 * Returns: `[B, T, C]`.
 */
export function bertEmbeddings(
  inputIds: Tensor,
  tokenTypeIds: Tensor,
  w: BertEmbeddingWeights,
  eps = 1e-12,
): Tensor {
  return tf.tidy(() => {
    return layerNorm(bertEmbeddingSum(inputIds, tokenTypeIds, w), w.gamma, w.beta, eps);
  });
}
