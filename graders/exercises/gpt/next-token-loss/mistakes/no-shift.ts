import * as tf from '@tensorflow/tfjs';

export function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape as [number, number, number];

    // every position predicts its own token
    const inputs = logits; // (B, T, V)
    const targets = tokens; // (B, T)

    // log-probability of each target, then the mean negative log-likelihood
    const logProbs = tf.logSoftmax(inputs); // (B, T, V)
    const picked = logProbs.mul(tf.oneHot(targets.cast('int32'), V)).sum(-1); // (B, T)
    return picked.mean().neg();
  });
}
