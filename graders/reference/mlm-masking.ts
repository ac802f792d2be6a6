import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { sameShape } from './shapes.ts';

// BERT's masked-language-model corruption, with its randomness passed in so that it is
// deterministic: 15% of the ordinary tokens are chosen; of those, 80% become [MASK], 10% a
// random token, and 10% stay as they are.

/** The share of ordinary tokens chosen for prediction. */
export const MLM_CHOOSE_RATE = 0.15;
/** A chosen token whose second draw is below this becomes [MASK]. */
export const MLM_MASK_BELOW = 0.8;
/** A chosen token whose second draw is in [MLM_MASK_BELOW, this) becomes a random token. */
export const MLM_RANDOM_BELOW = 0.9;
/** The label of a token that is not predicted (PyTorch's cross-entropy ignore index). */
export const MLM_IGNORE_INDEX = -100;

/**
 * Masked input ids for BERT's masked-language-model objective.
 *
 * Args: inputIds `[B, T]` int32; specialMask `[B, T]` (1 for [CLS], [SEP], [PAD]: never
 * chosen); uniform `[B, T, 2]` draws in [0, 1) (the first chooses, the second picks the
 * replacement); randomTokens `[B, T]` int32 (the replacement for the random branch);
 * maskTokenId, the id of [MASK].
 * Returns: `[B, T]` int32.
 */
export function mlmMasking(
  inputIds: Tensor,
  specialMask: Tensor,
  uniform: Tensor,
  randomTokens: Tensor,
  maskTokenId: number,
): Tensor {
  checkShapes('mlmMasking', inputIds, specialMask, uniform);
  if (!sameShape(randomTokens.shape, inputIds.shape)) {
    throw new Error(
      `mlmMasking: randomTokens must have the shape of inputIds [${inputIds.shape}], ` +
        `got [${randomTokens.shape}]`,
    );
  }
  if (!Number.isInteger(maskTokenId)) {
    throw new Error(`mlmMasking: maskTokenId must be an integer, got ${maskTokenId}`);
  }
  return tf.tidy(() => {
    const ids = tf.cast(inputIds, 'int32'); // (B, T)
    const chosen = chosenTokens(specialMask, uniform); // (B, T) bool
    const [, replace] = drawsOf(uniform); // (B, T) each

    // of the chosen tokens: 80% [MASK], 10% a random token, 10% unchanged
    const toMask = tf.logicalAnd(chosen, tf.less(replace, MLM_MASK_BELOW));
    const toRandom = tf.logicalAnd(
      chosen,
      tf.logicalAnd(tf.greaterEqual(replace, MLM_MASK_BELOW), tf.less(replace, MLM_RANDOM_BELOW)),
    );
    const masks = tf.fill(ids.shape, maskTokenId, 'int32'); // (B, T)
    const randomized = tf.where(toRandom, tf.cast(randomTokens, 'int32'), ids); // (B, T)
    return tf.where(toMask, masks, randomized); // (B, T)
  });
}

/**
 * The labels of BERT's masked-language-model objective: the original id where a token was
 * chosen for prediction, -100 (ignored by the loss) everywhere else.
 *
 * Args: inputIds `[B, T]` int32, specialMask `[B, T]`, uniform `[B, T, 2]`, as for mlmMasking.
 * Returns: `[B, T]` int32.
 */
export function mlmLabels(inputIds: Tensor, specialMask: Tensor, uniform: Tensor): Tensor {
  checkShapes('mlmLabels', inputIds, specialMask, uniform);
  return tf.tidy(() => {
    const chosen = chosenTokens(specialMask, uniform); // (B, T) bool
    const ignored = tf.fill(inputIds.shape, MLM_IGNORE_INDEX, 'int32'); // (B, T)
    return tf.where(chosen, tf.cast(inputIds, 'int32'), ignored); // (B, T)
  });
}

/** The tokens chosen for prediction: first draw below 15%, and not a special token. */
function chosenTokens(specialMask: Tensor, uniform: Tensor): Tensor {
  return tf.tidy(() => {
    const [choose] = drawsOf(uniform); // (B, T)
    const ordinary = tf.equal(specialMask, 0); // (B, T) bool
    return tf.logicalAnd(tf.less(choose, MLM_CHOOSE_RATE), ordinary); // (B, T) bool
  });
}

/** The two draws of every token: `[B, T, 2]` -> two `[B, T]`. */
function drawsOf(uniform: Tensor): [Tensor, Tensor] {
  const [first, second] = tf.unstack(uniform, 2); // (B, T) each
  return [first!, second!];
}

function checkShapes(what: string, inputIds: Tensor, specialMask: Tensor, uniform: Tensor): void {
  const [B, T] = inputIds.shape as [number, number];
  if (inputIds.rank !== 2 || !sameShape(specialMask.shape, [B, T])) {
    throw new Error(
      `${what}: expected inputIds and specialMask [B, T], ` +
        `got [${inputIds.shape}] and [${specialMask.shape}]`,
    );
  }
  if (!sameShape(uniform.shape, [B, T, 2])) {
    throw new Error(`${what}: expected uniform [${B}, ${T}, 2], got [${uniform.shape}]`);
  }
}
