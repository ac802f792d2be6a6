import * as tf from '@tensorflow/tfjs';

// Flattens to [B*(T-1), V], picks the target logit with gather, subtracts tf.logSumExp.
export function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor {
  const [B, T, V] = logits.shape as [number, number, number];
  const n = B * (T - 1);
  const flat = logits.slice([0, 0, 0], [-1, T - 1, -1]).reshape([n, V]);
  const targets = tokens.slice([0, 1], [-1, -1]).reshape([n]).cast('int32');
  const rows = tf.range(0, n, 1, 'int32');
  const flatIdx = rows.mul(tf.scalar(V, 'int32')).add(targets);
  const targetLogits = tf.gather(flat.reshape([-1]), flatIdx);
  const lse = tf.logSumExp(flat, 1);
  return tf.mean(tf.sub(lse, targetLogits));
}
