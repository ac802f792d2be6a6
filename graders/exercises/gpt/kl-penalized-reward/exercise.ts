import * as tf from '@tensorflow/tfjs-core';
import { klPenalizedReward } from '../../../reference/losses.ts';
import { normals } from '../../../grading/random.ts';
import type { Rng } from '../../../grading/random.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randn } from '../../inputs.ts';

/**
 * Per-token log-probabilities of a sampled answer: under the policy, and under the reference
 * model, which finds the policy's own samples less likely (0.3 to about 1.5 nats a token).
 */
function logProbPair(rng: Rng, B: number, T: number): [tf.Tensor, tf.Tensor] {
  const policy = normals(rng, B * T).map((n) => -0.05 - Math.abs(n));
  const reference = policy.map((lp) => lp - 0.3 - 0.4 * Math.abs(rng.normal()));
  return [tf.tensor(policy, [B, T], 'float32'), tf.tensor(reference, [B, T], 'float32')];
}

function rewardCase(rng: Rng, B: number, T: number, beta: number): ValueCase {
  const [logProbs, refLogProbs] = logProbPair(rng, B, T);
  return {
    name: { en: `values: B ${B}, T ${T}, beta ${beta}`, zh: `数值：B ${B}，T ${T}，beta ${beta}` },
    fn: 'klPenalizedReward',
    args: [randn(rng, [B], 1), logProbs, refLogProbs, beta],
  };
}

export default defineExercise({
  id: 'gpt/kl-penalized-reward',
  chapter: 'gpt',
  title: { en: 'The KL-penalised reward', zh: '带 KL 惩罚的奖励' },
  statement: {
    en: `Implement \`klPenalizedReward(reward, logProbs, refLogProbs, beta)\`, the reward that
InstructGPT's reinforcement-learning step maximises. The reward model alone can be fooled: the
policy would drift towards odd answers that happen to score well. A KL penalty keeps it close
to the reference (SFT) model it started from. For each sampled answer \`y\` of \`T\` tokens:

$$R = r(x, y) - \\beta \\sum_{t=1}^{T} \\Big(\\log \\pi^{\\mathrm{RL}}(y_t \\mid x, y_{<t})
- \\log \\pi^{\\mathrm{SFT}}(y_t \\mid x, y_{<t})\\Big)$$

The sum of log-probability differences is an estimate of the KL divergence between the two
models on this answer.

- \`reward\`: \`[B]\`, the reward model's scores; \`logProbs\`, \`refLogProbs\`: \`[B, T]\`, the
  log-probability of each token of the answer under the policy and under the reference model;
  \`beta\`: a number ≥ 0. Returns \`[B]\` float32.

Example: \`reward = [1]\`, \`logProbs = [[−0.5, −1]]\`, \`refLogProbs = [[−0.7, −1.5]]\`,
\`beta = 0.1\`. The differences are \`[0.2, 0.5]\`, their sum is \`0.7\`, and the result is
\`[1 − 0.1 · 0.7] = [0.93]\`.`,
    zh: `实现 \`klPenalizedReward(reward, logProbs, refLogProbs, beta)\`，即 InstructGPT 强化学习
阶段所最大化的奖励。只看奖励模型的打分是会被钻空子的：策略可能漂向一些碰巧得分很高的怪异
回答。KL 惩罚让策略不至于偏离它的起点——参考（SFT）模型太远。对每个采样得到的、含 \`T\` 个
词元的回答 \`y\`：

$$R = r(x, y) - \\beta \\sum_{t=1}^{T} \\Big(\\log \\pi^{\\mathrm{RL}}(y_t \\mid x, y_{<t})
- \\log \\pi^{\\mathrm{SFT}}(y_t \\mid x, y_{<t})\\Big)$$

对数概率之差的总和，是两个模型在这个回答上 KL 散度的估计。

- \`reward\`：\`[B]\`，奖励模型的打分；\`logProbs\`、\`refLogProbs\`：\`[B, T]\`，回答中每个
  词元分别在策略和参考模型下的对数概率；\`beta\`：不小于 0 的数。返回 \`[B]\`，float32。

例：\`reward = [1]\`，\`logProbs = [[−0.5, −1]]\`，\`refLogProbs = [[−0.7, −1.5]]\`，
\`beta = 0.1\`。差值为 \`[0.2, 0.5]\`，总和 \`0.7\`，结果为 \`[1 − 0.1 · 0.7] = [0.93]\`。`,
  },
  signatures: {
    klPenalizedReward:
      'function klPenalizedReward(reward: tf.Tensor, logProbs: tf.Tensor, ' +
      'refLogProbs: tf.Tensor, beta: number): tf.Tensor',
  },
  reference: { klPenalizedReward },
  cases: (rng) => [
    rewardCase(rng, 3, 5, 0.02),
    rewardCase(rng, 1, 8, 0.5),
    rewardCase(rng, 4, 3, 0),
    rewardCase(rng, 6, 7, 0.1),
    rewardCase(rng, 2, 10, 0.5),
  ],
  mistakes: [
    {
      id: 'kl-sign-flipped',
      title: { en: 'KL with the wrong sign', zh: 'KL 的符号反了' },
      hint: {
        en:
          'The estimate is log π_RL − log π_SFT (policy minus reference): it is large when ' +
          'the policy likes its answer far more than the reference does, and that is what ' +
          'the penalty should punish.',
        zh:
          '估计量是 log π_RL − log π_SFT（策略减参考）：策略比参考模型更偏爱这个回答时它就大，' +
          '这正是惩罚要压制的。',
      },
    },
    {
      id: 'beta-on-reward',
      title: { en: 'beta multiplies the reward too', zh: 'beta 也乘到了奖励上' },
      hint: {
        en: 'Only the KL term is scaled: reward − beta · KL, not beta · (reward − KL).',
        zh: '只有 KL 项要乘 beta：reward − beta · KL，而不是 beta · (reward − KL)。',
      },
    },
    {
      id: 'beta-forgotten',
      title: { en: 'beta forgotten', zh: '忘了乘 beta' },
      hint: {
        en: 'beta sets how strong the penalty is: subtract beta · KL, not the KL itself.',
        zh: 'beta 决定惩罚的强度：减去的是 beta · KL，而不是 KL 本身。',
      },
    },
    {
      id: 'mean-over-tokens',
      title: { en: 'Mean over the tokens instead of their sum', zh: '对词元取了平均而不是求和' },
      hint: {
        en:
          'The log-probability of the whole answer is the sum over its tokens, so the KL ' +
          'estimate is a sum over t too.',
        zh: '整个回答的对数概率是各词元对数概率之和，所以 KL 估计也是沿 t 求和。',
      },
    },
    {
      id: 'probability-ratio',
      title: { en: 'Ratio of probabilities', zh: '用了概率之比' },
      hint: {
        en:
          'The inputs are already log-probabilities: the KL term sums their differences, ' +
          'log π_RL − log π_SFT, with no exp.',
        zh: '输入已经是对数概率：KL 项是它们之差 log π_RL − log π_SFT 的和，不需要取 exp。',
      },
    },
  ],
  hints: [
    {
      en: 'Work per answer: the result has one number for each of the B answers.',
      zh: '按回答来算：B 个回答各得到一个数。',
    },
    {
      en: 'logProbs.sub(refLogProbs) is [B, T]; .sum(-1) turns it into the [B] KL estimates.',
      zh: 'logProbs.sub(refLogProbs) 的形状是 [B, T]；.sum(-1) 把它变成 [B] 个 KL 估计。',
    },
    {
      en: 'reward.sub(kl.mul(beta))',
      zh: 'reward.sub(kl.mul(beta))',
    },
  ],
});
