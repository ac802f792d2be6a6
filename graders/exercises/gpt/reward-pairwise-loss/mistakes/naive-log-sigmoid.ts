import * as tf from '@tensorflow/tfjs';

export function rewardPairwiseLoss(chosen: tf.Tensor, rejected: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const margin = chosen.sub(rejected); // (B)

    // -log σ(d)
    return tf.sigmoid(margin).log().neg().mean();
  });
}
