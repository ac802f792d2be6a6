import type { Tensor } from '@tensorflow/tfjs-core';
import { feedForward, relu } from '../../../reference/index.ts';
import type { FeedForwardWeights } from '../../../reference/index.ts';
import type { Rng } from '../../../grading/random.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randn } from '../../inputs.ts';

/** Random weights of a network C -> H -> C: w1 `[C, H]`, b1 `[H]`, w2 `[H, C]`, b2 `[C]`. */
function weights(rng: Rng, C: number, H: number): FeedForwardWeights {
  return {
    w1: randn(rng, [C, H], 0.5),
    b1: randn(rng, [H], 0.5),
    w2: randn(rng, [H, C], 0.5),
    b2: randn(rng, [C], 0.5),
  };
}

/** One value case: x `[...lead, C]` through a network of hidden width H. */
function ffnCase(rng: Rng, lead: number[], C: number, H: number): ValueCase {
  const x: Tensor = randn(rng, [...lead, C]);
  const shape = `[${[...lead, C].join(', ')}]`;
  return {
    name: {
      en: `values: rank ${lead.length + 1}, x ${shape}, H = ${H}`,
      zh: `数值：${lead.length + 1} 维输入，x ${shape}，H = ${H}`,
    },
    fn: 'feedForward',
    args: [x, weights(rng, C, H)],
  };
}

export default defineExercise({
  id: 'transformer/feed-forward',
  chapter: 'transformer',
  title: { en: 'Position-wise feed-forward network', zh: '逐位置前馈网络' },
  statement: {
    en: `After attention, every Transformer layer passes each position, on its own, through the
same small two-layer network. Implement \`feedForward(x, w)\`, the original Transformer's:

$$\\mathrm{FFN}(x) = \\max(0,\\ x W_1 + b_1)\\, W_2 + b_2$$

- \`x\`: \`[..., C]\`, any rank (every position is treated the same way). Returns \`[..., C]\`.
- \`w = {w1, b1, w2, b2}\`: \`w1\` \`[C, H]\`, \`b1\` \`[H]\`, \`w2\` \`[H, C]\`,
  \`b2\` \`[C]\`, in the \`[in, out]\` layout (\`y = x W + b\`). The hidden width H is
  usually 4C.
- The ReLU sits between the two layers; nothing follows the second one.

Example: C = 1, H = 2, \`x = [[1], [-1]]\`, \`w1 = [[1, -1]]\`, \`b1 = [0, 0]\`,
\`w2 = [[2], [3]]\`, \`b2 = [1]\`. For x = 1 the hidden layer is
\`max(0, [1, -1]) = [1, 0]\` and the output 2·1 + 3·0 + 1 = 3; for x = −1 it is \`[0, 1]\`
and 2·0 + 3·1 + 1 = 4. So the result is \`[[3], [4]]\`.`,
    zh: `注意力之后，Transformer 的每一层都把每个位置单独送进同一个两层小网络。
实现原始 Transformer 中的 \`feedForward(x, w)\`：

$$\\mathrm{FFN}(x) = \\max(0,\\ x W_1 + b_1)\\, W_2 + b_2$$

- \`x\`：\`[..., C]\`，任意维数（每个位置的处理方式相同）。返回 \`[..., C]\`。
- \`w = {w1, b1, w2, b2}\`：\`w1\` 为 \`[C, H]\`，\`b1\` 为 \`[H]\`，\`w2\` 为 \`[H, C]\`，
  \`b2\` 为 \`[C]\`，按 \`[in, out]\` 排列（\`y = x W + b\`）。隐藏层宽度 H 通常是 4C。
- ReLU 夹在两层之间；第二层之后没有激活函数。

例：C = 1，H = 2，\`x = [[1], [-1]]\`，\`w1 = [[1, -1]]\`，\`b1 = [0, 0]\`，
\`w2 = [[2], [3]]\`，\`b2 = [1]\`。x = 1 时隐藏层为 \`max(0, [1, -1]) = [1, 0]\`，
输出 2·1 + 3·0 + 1 = 3；x = −1 时隐藏层为 \`[0, 1]\`，输出 2·0 + 3·1 + 1 = 4。
结果为 \`[[3], [4]]\`。`,
  },
  signatures: {
    feedForward:
      'function feedForward(x: tf.Tensor, w: { w1: tf.Tensor; b1: tf.Tensor; ' +
      'w2: tf.Tensor; b2: tf.Tensor }): tf.Tensor',
  },
  reference: {
    feedForward: (x: Tensor, w: FeedForwardWeights) => feedForward(x, w, relu),
  },
  cases: (rng) => [
    ffnCase(rng, [5], 8, 32),
    ffnCase(rng, [2, 4], 8, 12),
    ffnCase(rng, [2, 3, 4], 6, 10),
    ffnCase(rng, [3, 5], 12, 24),
  ],
  integrations: [
    { arch: 'bert', parts: { feedForward: 'feedForward' }, config: { hidden_act: 'relu' } },
  ],
  mistakes: [
    {
      id: 'no-activation',
      title: { en: 'No activation', zh: '没有激活函数' },
      hint: {
        en:
          'Without the ReLU the two layers collapse into one linear map: apply tf.relu to ' +
          'x W1 + b1.',
        zh: '没有 ReLU，两层就退化成一个线性变换：要对 x W1 + b1 做 tf.relu。',
      },
    },
    {
      id: 'activation-after-second-layer',
      title: { en: 'ReLU after the second layer', zh: 'ReLU 放在了第二层之后' },
      hint: {
        en:
          'The ReLU goes between the layers, on the hidden [..., H] values; ' +
          'the output stays linear.',
        zh: 'ReLU 要放在两层之间，作用于隐藏层 [..., H]；输出层是线性的。',
      },
    },
    {
      id: 'no-biases',
      title: { en: 'Biases forgotten', zh: '忘了加偏置' },
      hint: {
        en: 'Add b1 after the first matMul and b2 after the second.',
        zh: '第一次 matMul 之后加 b1，第二次之后加 b2。',
      },
    },
    {
      id: 'gelu-instead-of-relu',
      title: { en: 'GELU instead of ReLU', zh: '用了 GELU 而不是 ReLU' },
      hint: {
        en:
          'GPT and BERT use GELU, but the original Transformer, and this exercise, use ' +
          'ReLU: max(0, h).',
        zh: 'GPT 和 BERT 用 GELU，但原始 Transformer（也就是本题）用的是 ReLU：max(0, h)。',
      },
    },
  ],
  hints: [
    {
      en:
        'Two linear layers with a ReLU between them; ' +
        'tf.matMul multiplies along the last axis of x.',
      zh: '两个线性层，中间夹一个 ReLU；tf.matMul 沿 x 的最后一维相乘。',
    },
    {
      en:
        'x.matMul(w.w1) works for any rank of x: [..., C] x [C, H] -> [..., H]. ' +
        'Then add b1 and apply tf.relu.',
      zh:
        'x.matMul(w.w1) 对任意维数的 x 都适用：[..., C] x [C, H] -> [..., H]。' +
        '然后加 b1，再做 tf.relu。',
    },
    {
      en: 'x.matMul(w.w1).add(w.b1).relu().matMul(w.w2).add(w.b2).',
      zh: 'x.matMul(w.w1).add(w.b1).relu().matMul(w.w2).add(w.b2)。',
    },
  ],
});
