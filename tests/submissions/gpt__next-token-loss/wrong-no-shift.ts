// Bug: no shift: position t is scored against tokens[:, t] (the current token), over all T positions.
import * as tf from '@tensorflow/tfjs';

export function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const V = logits.shape[2]!;
    const logp = tf.logSoftmax(logits);
    return logp.mul(tf.oneHot(tokens.toInt(), V)).sum(-1).mean().neg();
  });
}
