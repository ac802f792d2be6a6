import * as tf from '@tensorflow/tfjs-core';
import { rewardPairwiseLoss } from '../../../reference/losses.ts';
import { normals } from '../../../grading/random.ts';
import type { Rng } from '../../../grading/random.ts';
import type { Text, ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randn } from '../../inputs.ts';

function pairCase(rng: Rng, B: number, scale: number): ValueCase {
  return {
    name: { en: `values: B ${B}`, zh: `数值：B ${B}` },
    fn: 'rewardPairwiseLoss',
    args: [randn(rng, [B], scale), randn(rng, [B], scale)],
  };
}

/**
 * Pairs whose difference r_chosen − r_rejected has a size in [lo, hi), negative and positive
 * in turn (the first negative). Past about 88, σ(−d) is 0 in float32 and −log σ is Infinity.
 */
function marginCase(rng: Rng, B: number, lo: number, hi: number, name: Text): ValueCase {
  const rejected = normals(rng, B);
  const chosen = rejected.map((r, i) => r + (i % 2 === 0 ? -1 : 1) * (lo + (hi - lo) * rng.next()));
  return {
    name,
    fn: 'rewardPairwiseLoss',
    args: [tf.tensor(chosen, [B], 'float32'), tf.tensor(rejected, [B], 'float32')],
  };
}

export default defineExercise({
  id: 'gpt/reward-pairwise-loss',
  chapter: 'gpt',
  title: { en: "The reward model's pairwise loss", zh: '奖励模型的成对损失' },
  statement: {
    en: `Implement \`rewardPairwiseLoss(chosen, rejected)\`, the loss InstructGPT trains its
reward model with. For each prompt, labellers preferred one answer to another; the reward model
gives the preferred answer the reward \`chosen[i]\` and the other \`rejected[i]\`. The loss
pushes the preferred answer's reward above the other's:

$$L = -\\frac{1}{B} \\sum_{i=1}^{B} \\log \\sigma\\big(r^{\\mathrm{chosen}}_i -
r^{\\mathrm{rejected}}_i\\big), \\qquad \\sigma(d) = \\frac{1}{1 + e^{-d}}$$

- \`chosen\`, \`rejected\`: \`[B]\` float32. Returns a scalar (shape \`[]\`) float32.
- Differences can be large either way: \`−log σ(d) = softplus(−d) = log(1 + e^{−d})\`, and
  \`tf.softplus\` computes it without overflowing.

Example: \`chosen = [2, 0]\`, \`rejected = [0, 1]\`, so the differences are \`[2, −1]\`.
\`−log σ(2) = 0.1269\`, \`−log σ(−1) = 1.3133\`, and the loss is their mean, \`0.7201\`.`,
    zh: `实现 \`rewardPairwiseLoss(chosen, rejected)\`，即 InstructGPT 训练奖励模型所用的损失。
对同一个提示，标注者在两个回答中选出更好的一个；奖励模型给被选中的回答打分 \`chosen[i]\`，
另一个打分 \`rejected[i]\`。损失促使被选中回答的奖励高于另一个：

$$L = -\\frac{1}{B} \\sum_{i=1}^{B} \\log \\sigma\\big(r^{\\mathrm{chosen}}_i -
r^{\\mathrm{rejected}}_i\\big), \\qquad \\sigma(d) = \\frac{1}{1 + e^{-d}}$$

- \`chosen\`、\`rejected\`：\`[B]\` float32。返回一个标量（形状 \`[]\`），float32。
- 差值可能很大（正负都有）：\`−log σ(d) = softplus(−d) = log(1 + e^{−d})\`，
  \`tf.softplus\` 计算它时不会溢出。

例：\`chosen = [2, 0]\`，\`rejected = [0, 1]\`，差值为 \`[2, −1]\`。\`−log σ(2) = 0.1269\`，
\`−log σ(−1) = 1.3133\`，损失是二者的平均值 \`0.7201\`。`,
  },
  signatures: {
    rewardPairwiseLoss:
      'function rewardPairwiseLoss(chosen: tf.Tensor, rejected: tf.Tensor): tf.Tensor',
  },
  reference: { rewardPairwiseLoss },
  cases: (rng) => [
    pairCase(rng, 4, 1),
    pairCase(rng, 1, 2),
    pairCase(rng, 7, 1.5),
    marginCase(rng, 6, 30, 45, {
      en: 'values: large differences (±30 to ±45), B 6',
      zh: '数值：差值较大（±30 到 ±45），B 6',
    }),
    marginCase(rng, 5, 100, 140, {
      en: 'values: very large differences (±100 to ±140), B 5',
      zh: '数值：差值极大（±100 到 ±140），B 5',
    }),
    pairCase(rng, 3, 4),
  ],
  mistakes: [
    {
      id: 'swapped',
      title: { en: 'chosen and rejected swapped', zh: 'chosen 与 rejected 弄反了' },
      hint: {
        en:
          'The difference is r_chosen − r_rejected: the loss is small when the preferred ' +
          'answer has the higher reward.',
        zh: '差值是 r_chosen − r_rejected：被选中的回答奖励更高时，损失应当更小。',
      },
    },
    {
      id: 'missing-minus',
      title: { en: 'log σ without the minus', zh: 'log σ 前少了负号' },
      hint: {
        en:
          'log σ(d) is ≤ 0 and grows as the model gets better; the loss is its negative, ' +
          '−log σ(d) ≥ 0, which a minimiser drives down.',
        zh: 'log σ(d) ≤ 0，模型越好它越大；损失是它的相反数 −log σ(d) ≥ 0，优化时把它减小。',
      },
    },
    {
      id: 'sum-not-mean',
      title: { en: 'Summed instead of averaged', zh: '求和而不是求平均' },
      hint: {
        en: 'Average the B pairs (tf.mean), so that the loss does not grow with the batch.',
        zh: '对 B 对样本取平均（tf.mean），这样损失不会随 batch 增大。',
      },
    },
    {
      id: 'naive-log-sigmoid',
      title: { en: 'log(sigmoid(d)) overflows', zh: 'log(sigmoid(d)) 溢出' },
      hint: {
        en:
          'For d = −120, σ(d) is 0 in float32 and −log gives Infinity. Use the identity ' +
          '−log σ(d) = softplus(−d): tf.softplus(d.neg()).',
        zh:
          '当 d = −120 时，σ(d) 在 float32 中为 0，−log 得到 Infinity。利用恒等式 ' +
          '−log σ(d) = softplus(−d)：tf.softplus(d.neg())。',
      },
    },
  ],
  hints: [
    {
      en: 'Start from the difference d = chosen − rejected, one number per pair.',
      zh: '先算出差值 d = chosen − rejected，每对样本一个数。',
    },
    {
      en: '−log σ(d) = log(1 + e^{−d}) = softplus(−d). Written this way, nothing overflows.',
      zh: '−log σ(d) = log(1 + e^{−d}) = softplus(−d)。这样写就不会溢出。',
    },
    {
      en: 'tf.softplus(chosen.sub(rejected).neg()).mean()',
      zh: 'tf.softplus(chosen.sub(rejected).neg()).mean()',
    },
  ],
});
