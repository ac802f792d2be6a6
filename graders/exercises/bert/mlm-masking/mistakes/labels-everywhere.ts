import * as tf from '@tensorflow/tfjs';

/** Tokens chosen for prediction: first draw below 0.15, and not a special token. */
function chosenTokens(specialMask: tf.Tensor, uniform: tf.Tensor): tf.Tensor {
  const [choose] = tf.unstack(uniform, 2); // (B, T)
  return choose!.less(0.15).logicalAnd(specialMask.equal(0)); // (B, T) bool
}

export function mlmMasking(
  inputIds: tf.Tensor,
  specialMask: tf.Tensor,
  uniform: tf.Tensor,
  randomTokens: tf.Tensor,
  maskTokenId: number,
): tf.Tensor {
  return tf.tidy(() => {
    const chosen = chosenTokens(specialMask, uniform); // (B, T)
    const [, replace] = tf.unstack(uniform, 2); // (B, T)

    // 80% [MASK], 10% a random token, 10% unchanged
    const toMask = chosen.logicalAnd(replace!.less(0.8));
    const toRandom = chosen.logicalAnd(replace!.greaterEqual(0.8)).logicalAnd(replace!.less(0.9));
    const masks = tf.fill(inputIds.shape, maskTokenId, 'int32'); // (B, T)
    const randomized = tf.where(toRandom, randomTokens, inputIds); // (B, T)
    return tf.where(toMask, masks, randomized);
  });
}

export function mlmLabels(
  inputIds: tf.Tensor,
  specialMask: tf.Tensor,
  uniform: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    return inputIds.clone();
  });
}
