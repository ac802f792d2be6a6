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

    // every chosen token becomes [MASK]
    const masks = tf.fill(inputIds.shape, maskTokenId, 'int32'); // (B, T)
    return tf.where(chosen, masks, inputIds);
  });
}

export function mlmLabels(
  inputIds: tf.Tensor,
  specialMask: tf.Tensor,
  uniform: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const chosen = chosenTokens(specialMask, uniform); // (B, T)
    const ignored = tf.fill(inputIds.shape, -100, 'int32'); // (B, T)
    return tf.where(chosen, inputIds, ignored);
  });
}
