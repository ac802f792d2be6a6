import * as tf from '@tensorflow/tfjs';

/**
 * The reward model's pairwise loss: the mean of -log σ(chosen - rejected).
 * chosen: [B], rejected: [B] float32 -> a scalar (shape [])
 */
export function rewardPairwiseLoss(chosen: tf.Tensor, rejected: tf.Tensor): tf.Tensor {
  // TODO: -log σ(r_chosen - r_rejected), averaged over the batch
  return tf.scalar(0);
}
