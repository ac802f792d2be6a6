// Bug: shifts the wrong way: scores logits[:, 1:] against tokens[:, :-1] (predicts the previous token).
import * as tf from '@tensorflow/tfjs';

export function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape as [number, number, number];
    const logp = tf.logSoftmax(logits.slice([0, 1, 0], [B, T - 1, V]));
    const target = tokens.slice([0, 0], [B, T - 1]).toInt();
    return logp.mul(tf.oneHot(target, V)).sum(-1).mean().neg();
  });
}
