import * as tf from '@tensorflow/tfjs';

export function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape as [number, number, number];

    // position t predicts the token at t + 1
    const inputs = logits.slice([0, 0, 0], [B, T - 1, V]); // (B, T-1, V)
    const targets = tokens.slice([0, 1], [B, T - 1]); // (B, T-1)

    // log-probability of each target, then the mean negative log-likelihood
    const logProbs = tf.logSoftmax(inputs); // (B, T-1, V)
    const picked = logProbs.mul(tf.oneHot(targets.cast('int32'), V)).sum(-1); // (B, T-1)
    return picked.mean().neg();
  });
}
