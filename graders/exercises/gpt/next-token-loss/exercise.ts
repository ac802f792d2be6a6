import * as tf from '@tensorflow/tfjs-core';
import { nextTokenLoss } from '../../../reference/losses.ts';
import { normals } from '../../../grading/random.ts';
import type { Rng } from '../../../grading/random.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randint, randn } from '../../inputs.ts';

function lossCase(rng: Rng, B: number, T: number, V: number, scale: number): ValueCase {
  const shape = `B ${B}, T ${T}, V ${V}`;
  return {
    name:
      T === 2
        ? { en: `values: T = 2, ${shape}`, zh: `数值：T = 2，${shape}` }
        : {
            en: `values: ${shape}`,
            zh: `数值：${shape}`,
          },
    fn: 'nextTokenLoss',
    args: [randn(rng, [B, T, V], scale), randint(rng, [B, T], 0, V)],
  };
}

/**
 * Logits of ±150: at every position one class (never the next token) is 150 above the rest
 * and another 150 below. exp(150) overflows float32 and exp(-150) underflows to 0, so
 * log(softmax(...)) gives Inf or NaN where logSoftmax stays finite.
 */
const SPIKE = 150;

function largeLogitsCase(rng: Rng, B: number, T: number, V: number): ValueCase {
  const tokens = Int32Array.from({ length: B * T }, () => rng.int(0, V));
  const logits = normals(rng, B * T * V, 2);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const next = t + 1 < T ? tokens[b * T + t + 1]! : rng.int(0, V);
      const high = (next + rng.int(1, V)) % V; // never the next token
      const low = (high + rng.int(1, V)) % V; // never the high one
      logits[(b * T + t) * V + high]! += SPIKE;
      logits[(b * T + t) * V + low]! -= SPIKE;
    }
  }
  return {
    name: {
      en: `values: large logits (±${SPIKE}), B ${B}, T ${T}, V ${V}`,
      zh: `数值：很大的 logits（±${SPIKE}），B ${B}, T ${T}, V ${V}`,
    },
    fn: 'nextTokenLoss',
    args: [tf.tensor(logits, [B, T, V], 'float32'), tf.tensor(tokens, [B, T], 'int32')],
  };
}

export default defineExercise({
  id: 'gpt/next-token-loss',
  chapter: 'gpt',
  title: { en: 'The next-token loss', zh: '下一个词元的预测损失' },
  statement: {
    en: `Implement \`nextTokenLoss(logits, tokens)\`, the objective GPT is pre-trained with:
at every position \`t\`, the model's logits predict the **next** token \`tokens[:, t+1]\`. The
loss is the mean cross-entropy over the \`B · (T − 1)\` predictions:

$$L = -\\frac{1}{B\\,(T-1)} \\sum_{b=1}^{B} \\sum_{t=0}^{T-2}
\\log \\operatorname{softmax}(\\mathrm{logits}_{b,t})_{\\,\\mathrm{tokens}_{b,t+1}}$$

- \`logits\`: \`[B, T, V]\` float32; \`tokens\`: \`[B, T]\` int32, ids in \`[0, V)\`, \`T ≥ 2\`.
- Returns a scalar (shape \`[]\`) float32.
- The last position has no next token, and the first token is never predicted.
- Logits can be large: compute \`log softmax\` without forming \`exp(logits)\` on its own.

Example: \`B = 1\`, \`T = 3\`, \`V = 3\`, \`tokens = [[0, 1, 2]]\`,
\`logits = [[[2, 0, 0], [0, 0, 2], [5, 5, 5]]]\`. Position 0 must predict 1:
\`log softmax([2, 0, 0])[1] = −log(e² + 2) = −2.2395\`; position 1 must predict 2:
\`2 − log(e² + 2) = −0.2395\`; position 2 is not used. The loss is
\`(2.2395 + 0.2395) / 2 = 1.2395\`.`,
    zh: `实现 \`nextTokenLoss(logits, tokens)\`，即 GPT 预训练的目标函数：在每个位置 \`t\`，
模型的 logits 用来预测**下一个**词元 \`tokens[:, t+1]\`。损失是这 \`B · (T − 1)\` 个预测的
平均交叉熵：

$$L = -\\frac{1}{B\\,(T-1)} \\sum_{b=1}^{B} \\sum_{t=0}^{T-2}
\\log \\operatorname{softmax}(\\mathrm{logits}_{b,t})_{\\,\\mathrm{tokens}_{b,t+1}}$$

- \`logits\`：\`[B, T, V]\` float32；\`tokens\`：\`[B, T]\` int32，取值在 \`[0, V)\`，\`T ≥ 2\`。
- 返回一个标量（形状 \`[]\`），float32。
- 最后一个位置没有下一个词元，第一个词元也不会被预测。
- logits 可能很大：计算 \`log softmax\` 时不要单独算出 \`exp(logits)\`。

例：\`B = 1\`，\`T = 3\`，\`V = 3\`，\`tokens = [[0, 1, 2]]\`，
\`logits = [[[2, 0, 0], [0, 0, 2], [5, 5, 5]]]\`。位置 0 要预测 1：
\`log softmax([2, 0, 0])[1] = −log(e² + 2) = −2.2395\`；位置 1 要预测 2：
\`2 − log(e² + 2) = −0.2395\`；位置 2 不参与。损失为 \`(2.2395 + 0.2395) / 2 = 1.2395\`。`,
  },
  signatures: {
    nextTokenLoss: 'function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): tf.Tensor',
  },
  reference: { nextTokenLoss },
  cases: (rng) => [
    lossCase(rng, 2, 5, 7, 2),
    lossCase(rng, 3, 2, 5, 1.5),
    lossCase(rng, 1, 8, 10, 1),
    lossCase(rng, 4, 3, 6, 3),
    largeLogitsCase(rng, 2, 5, 8),
    lossCase(rng, 2, 6, 12, 0.5),
  ],
  mistakes: [
    {
      id: 'no-shift',
      title: {
        en: 'Predicts the current token, not the next',
        zh: '预测的是当前词元，而不是下一个',
      },
      hint: {
        en:
          'logits[:, t] predicts tokens[:, t + 1]: drop the last position of the logits and ' +
          'the first token, so that T − 1 predictions remain.',
        zh:
          'logits[:, t] 预测的是 tokens[:, t + 1]：去掉 logits 的最后一个位置和 tokens 的' +
          '第一个词元，剩下 T − 1 个预测。',
      },
    },
    {
      id: 'sum-not-mean',
      title: { en: 'Summed instead of averaged', zh: '求和而不是求平均' },
      hint: {
        en: 'The loss is the mean over all B · (T − 1) predictions, not their sum.',
        zh: '损失是全部 B · (T − 1) 个预测的平均值，而不是总和。',
      },
    },
    {
      id: 'shifted-wrong-way',
      title: { en: 'Shifted the wrong way', zh: '错位的方向反了' },
      hint: {
        en:
          'Keep logits[:, :-1] (positions 0..T−2) and tokens[:, 1:] (positions 1..T−1): the ' +
          'past predicts the future, not the other way round.',
        zh:
          '保留 logits[:, :-1]（位置 0..T−2）和 tokens[:, 1:]（位置 1..T−1）：' +
          '是用过去预测未来，而不是反过来。',
      },
    },
    {
      id: 'sign-flipped',
      title: { en: 'Log-likelihood instead of its negative', zh: '符号反了：算的是对数似然' },
      hint: {
        en:
          'Cross-entropy is the negative log-probability of the target: the loss is ≥ 0 and ' +
          'shrinks as the model gets better.',
        zh: '交叉熵是目标词元对数概率的相反数：损失 ≥ 0，模型越好损失越小。',
      },
    },
    {
      id: 'naive-log-softmax',
      title: {
        en: 'log(softmax) overflows on large logits',
        zh: 'log(softmax) 在 logits 很大时溢出',
      },
      hint: {
        en:
          'exp(150) is Infinity in float32 and exp(−150) is 0. Subtract the largest logit ' +
          'first, or use tf.logSoftmax, which does it for you.',
        zh:
          '在 float32 中 exp(150) 是 Infinity，exp(−150) 是 0。先减去每行最大的 logit，' +
          '或者直接用 tf.logSoftmax，它会替你做这一步。',
      },
    },
  ],
  hints: [
    {
      en:
        'Slice first: logits.slice([0, 0, 0], [B, T - 1, V]) and tokens.slice([0, 1], ' +
        '[B, T - 1]) line every prediction up with its target.',
      zh:
        '先切片：logits.slice([0, 0, 0], [B, T - 1, V]) 和 tokens.slice([0, 1], [B, T - 1]) ' +
        '让每个预测与它的目标对齐。',
    },
    {
      en:
        'tf.logSoftmax(x) over the last axis gives log-probabilities that stay finite even ' +
        'for logits of ±150.',
      zh: 'tf.logSoftmax(x) 沿最后一维给出对数概率，即使 logits 达到 ±150 也不会溢出。',
    },
    {
      en:
        'Pick each target with tf.oneHot(targets, V): multiply with the log-probabilities, ' +
        'sum over V, then take the mean and negate it.',
      zh: '用 tf.oneHot(targets, V) 取出每个目标：与对数概率相乘，沿 V 求和，再取平均并取负。',
    },
  ],
});
