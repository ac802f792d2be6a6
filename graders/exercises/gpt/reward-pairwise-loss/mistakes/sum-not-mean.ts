import * as tf from '@tensorflow/tfjs';

export function rewardPairwiseLoss(chosen: tf.Tensor, rejected: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const margin = chosen.sub(rejected); // (B)

    // -log σ(d) = softplus(-d), finite however large |d| is
    return tf.softplus(margin.neg()).sum();
  });
}
