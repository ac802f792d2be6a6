import * as tf from '@tensorflow/tfjs';

/**
 * GPT's next-token loss: the mean cross-entropy of predicting tokens[:, t+1] from logits[:, t].
 * logits: [B, T, V] float32, tokens: [B, T] int32 -> a scalar (shape [])
 */
export function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor {
  // TODO: drop the last position of logits and the first of tokens, then take the mean of
  // -log softmax(logits)[target]
  return tf.scalar(0);
}
