import * as tf from '@tensorflow/tfjs';

/**
 * BERT's input embeddings: token + segment + position embeddings, then LayerNorm.
 * inputIds: [B, T] int32, tokenTypeIds: [B, T] int32 (0 or 1);
 * w.wordEmbeddings: [V, H], w.positionEmbeddings: [P, H] (P >= T), w.tokenTypeEmbeddings: [2, H],
 * w.gamma: [H], w.beta: [H] -> [B, T, H]
 */
export function bertEmbeddings(
  inputIds: tf.Tensor,
  tokenTypeIds: tf.Tensor,
  w: {
    wordEmbeddings: tf.Tensor;
    positionEmbeddings: tf.Tensor;
    tokenTypeEmbeddings: tf.Tensor;
    gamma: tf.Tensor;
    beta: tf.Tensor;
  },
  eps = 1e-12,
): tf.Tensor {
  // TODO: look up the three embeddings, add them, then apply LayerNorm over the last axis
  return tf.gather(w.wordEmbeddings, inputIds);
}
