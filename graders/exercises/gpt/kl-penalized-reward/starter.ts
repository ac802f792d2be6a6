import * as tf from '@tensorflow/tfjs';

/**
 * The reward minus a KL penalty: reward - beta · Σ_t (logProbs - refLogProbs).
 * reward: [B], logProbs: [B, T], refLogProbs: [B, T], beta: a number -> [B]
 */
export function klPenalizedReward(
  reward: tf.Tensor,
  logProbs: tf.Tensor,
  refLogProbs: tf.Tensor,
  beta: number,
): tf.Tensor {
  // TODO: sum the per-token log-probability differences, then subtract beta times that sum
  return reward;
}
