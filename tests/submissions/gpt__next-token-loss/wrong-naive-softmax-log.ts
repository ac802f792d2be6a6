// Bug: takes log(exp(x) / sum(exp(x))) directly, which overflows to NaN/Infinity for large logits.
import * as tf from '@tensorflow/tfjs';

export function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape as [number, number, number];
    const pred = logits.slice([0, 0, 0], [B, T - 1, V]);
    const e = tf.exp(pred);
    const p = e.div(e.sum(-1, true));
    const target = tokens.slice([0, 1], [B, T - 1]).toInt();
    return tf.log(p).mul(tf.oneHot(target, V)).sum(-1).mean().neg();
  });
}
