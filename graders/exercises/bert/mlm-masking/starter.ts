import * as tf from '@tensorflow/tfjs';

/**
 * BERT's masking: 15% of the ordinary tokens are chosen; of those 80% become [MASK], 10% a
 * random token, 10% stay.
 * inputIds: [B, T] int32, specialMask: [B, T] (1 = never chosen), uniform: [B, T, 2] in [0, 1),
 * randomTokens: [B, T] int32, maskTokenId: a number -> [B, T] int32
 */
export function mlmMasking(
  inputIds: tf.Tensor,
  specialMask: tf.Tensor,
  uniform: tf.Tensor,
  randomTokens: tf.Tensor,
  maskTokenId: number,
): tf.Tensor {
  // TODO: choose with uniform[..., 0] < 0.15 (never a special token), then replace with
  // uniform[..., 1]: below 0.8 [MASK], below 0.9 the random token, otherwise unchanged
  return inputIds.clone();
}

/**
 * The labels: the original id where a token was chosen, -100 elsewhere.
 * inputIds: [B, T] int32, specialMask: [B, T], uniform: [B, T, 2] -> [B, T] int32
 */
export function mlmLabels(
  inputIds: tf.Tensor,
  specialMask: tf.Tensor,
  uniform: tf.Tensor,
): tf.Tensor {
  // TODO: the original id where chosen, -100 elsewhere
  return inputIds.clone();
}
