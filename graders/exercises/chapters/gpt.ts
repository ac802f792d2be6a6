import type { Exercise } from '../../grading/types.ts';
import causalSelfAttention from '../gpt/causal-self-attention/exercise.ts';
import klPenalizedReward from '../gpt/kl-penalized-reward/exercise.ts';
import nextTokenLoss from '../gpt/next-token-loss/exercise.ts';
import rewardPairwiseLoss from '../gpt/reward-pairwise-loss/exercise.ts';

/** The gpt chapter's exercises, in the course's order. */
export default [
  causalSelfAttention,
  nextTokenLoss,
  rewardPairwiseLoss,
  klPenalizedReward,
] satisfies Exercise[];
