import * as tf from '@tensorflow/tfjs';

export function klPenalizedReward(
  reward: tf.Tensor,
  logProbs: tf.Tensor,
  refLogProbs: tf.Tensor,
  beta: number,
): tf.Tensor {
  return tf.tidy(() => {
    // how far the policy has moved from the reference on this answer
    const kl = refLogProbs.sub(logProbs).sum(-1); // (B)
    return reward.sub(kl.mul(beta)); // (B)
  });
}
