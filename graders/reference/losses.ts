import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { sameShape } from './shapes.ts';

// The objectives GPT is trained with: next-token prediction (GPT-1), then InstructGPT's
// reward model and the KL-penalised reward of its reinforcement learning step.

/**
 * GPT's language-model loss: the mean cross-entropy of predicting each next token,
 * `-(1 / (B (T-1))) Σ_b Σ_{t<T-1} log softmax(logits[b, t])[tokens[b, t+1]]`.
 * Computed with logSoftmax, so it stays finite for logits of any size.
 *
 * Args: logits `[B, T, V]` float32, tokens `[B, T]` int32 ids in `[0, V)`, T >= 2.
 * Returns: a scalar `[]` float32.
 */
export function nextTokenLoss(logits: Tensor, tokens: Tensor): Tensor {
  const [B, T, V] = logits.shape as [number, number, number];
  if (logits.rank !== 3 || !sameShape(tokens.shape, [B, T]) || T < 2) {
    throw new Error(
      `nextTokenLoss: expected logits [B, T, V] and tokens [B, T] with T >= 2, ` +
        `got [${logits.shape}] and [${tokens.shape}]`,
    );
  }
  assertIds('nextTokenLoss', tokens, V);
  return tf.tidy(() => {
    // position t predicts the token at t + 1; the last position predicts nothing
    const inputs = tf.slice(logits, [0, 0, 0], [B, T - 1, V]); // (B, T-1, V)
    const targets = tf.slice(tf.cast(tokens, 'int32'), [0, 1], [B, T - 1]); // (B, T-1)

    const logProbs = tf.logSoftmax(inputs); // (B, T-1, V)
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(targets, V)), -1); // (B, T-1)
    return tf.neg(tf.mean(picked)); // ()
  });
}

/**
 * InstructGPT's reward-model loss on pairs of answers: the mean over the batch of
 * `-log σ(r_chosen - r_rejected)`, computed as `softplus(r_rejected - r_chosen)` so that a
 * large difference either way stays finite.
 *
 * Args: chosen `[B]`, rejected `[B]` float32: the rewards of the preferred and the other answer.
 * Returns: a scalar `[]` float32.
 */
export function rewardPairwiseLoss(chosen: Tensor, rejected: Tensor): Tensor {
  if (chosen.rank !== 1 || !sameShape(chosen.shape, rejected.shape)) {
    throw new Error(
      `rewardPairwiseLoss: expected chosen and rejected [B], ` +
        `got [${chosen.shape}] and [${rejected.shape}]`,
    );
  }
  return tf.tidy(() => {
    const margin = tf.sub(chosen, rejected); // (B)
    return tf.mean(tf.softplus(tf.neg(margin))); // ()
  });
}

/**
 * The reward InstructGPT's policy maximises: the reward model's score minus `beta` times the
 * KL estimate `Σ_t (log π(y_t) - log π_ref(y_t))` of the sampled answer, which keeps the
 * policy close to the reference (SFT) model.
 *
 * Args: reward `[B]`, logProbs `[B, T]` (per-token log-probabilities under the policy),
 * refLogProbs `[B, T]` (under the reference model), beta >= 0.
 * Returns: `[B]` float32.
 */
export function klPenalizedReward(
  reward: Tensor,
  logProbs: Tensor,
  refLogProbs: Tensor,
  beta: number,
): Tensor {
  const B = reward.shape[0]!;
  if (reward.rank !== 1 || logProbs.rank !== 2 || logProbs.shape[0] !== B) {
    throw new Error(
      `klPenalizedReward: expected reward [B] and logProbs [B, T], ` +
        `got [${reward.shape}] and [${logProbs.shape}]`,
    );
  }
  if (!sameShape(logProbs.shape, refLogProbs.shape)) {
    throw new Error(
      `klPenalizedReward: logProbs [${logProbs.shape}] and refLogProbs ` +
        `[${refLogProbs.shape}] must have the same shape`,
    );
  }
  if (!Number.isFinite(beta) || beta < 0) {
    throw new Error(`klPenalizedReward: beta must be a number >= 0, got ${beta}`);
  }
  return tf.tidy(() => {
    const kl = tf.sum(tf.sub(logProbs, refLogProbs), -1); // (B)
    return tf.sub(reward, tf.mul(kl, beta)); // (B)
  });
}

/** Throws unless every id is an integer in `[0, V)`, naming the first that is not. */
function assertIds(what: string, ids: Tensor, V: number): void {
  const values = ids.dataSync();
  for (let i = 0; i < values.length; i++) {
    const id = values[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= V) {
      throw new Error(`${what}: token ${id} at index ${i} is outside the vocabulary [0, ${V})`);
    }
  }
}
