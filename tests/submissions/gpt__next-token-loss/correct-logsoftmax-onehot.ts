import * as tf from '@tensorflow/tfjs';

export function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape as [number, number, number];
    const pred = logits.slice([0, 0, 0], [B, T - 1, V]);
    const target = tokens.slice([0, 1], [B, T - 1]).toInt();
    const logp = tf.logSoftmax(pred);
    const picked = logp.mul(tf.oneHot(target, V)).sum(-1);
    return picked.mean().neg();
  });
}
