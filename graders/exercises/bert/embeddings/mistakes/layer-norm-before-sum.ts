import * as tf from '@tensorflow/tfjs';

interface EmbeddingWeights {
  wordEmbeddings: tf.Tensor;
  positionEmbeddings: tf.Tensor;
  tokenTypeEmbeddings: tf.Tensor;
  gamma: tf.Tensor;
  beta: tf.Tensor;
}

function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const centered = x.sub(x.mean(-1, true)); // (..., H)
  const variance = centered.square().mean(-1, true); // (..., 1)
  return centered.div(variance.add(eps).sqrt()).mul(gamma).add(beta);
}

export function bertEmbeddings(
  inputIds: tf.Tensor,
  tokenTypeIds: tf.Tensor,
  w: EmbeddingWeights,
  eps = 1e-12,
): tf.Tensor {
  return tf.tidy(() => {
    const T = inputIds.shape[1]!;
    const words = tf.gather(w.wordEmbeddings, inputIds); // (B, T, H)
    const segments = tf.gather(w.tokenTypeEmbeddings, tokenTypeIds); // (B, T, H)
    const positions = w.positionEmbeddings.slice([0, 0], [T, -1]); // (T, H), positions 0..T-1
    return layerNorm(words, w.gamma, w.beta, eps).add(segments).add(positions);
  });
}
