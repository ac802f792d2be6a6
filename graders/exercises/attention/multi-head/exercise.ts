import type { Tensor } from '@tensorflow/tfjs-core';
import { multiHeadAttention } from '../../../reference/index.ts';
import type { MultiHeadWeights } from '../../../reference/index.ts';
import type { Rng } from '../../../grading/random.ts';
import { defineExercise } from '../../define.ts';
import { maskOf, randn } from '../../inputs.ts';

/** Random projections for width C: every W `[C, C]`, every b `[C]`. */
function weights(rng: Rng, C: number): MultiHeadWeights {
  const w = () => randn(rng, [C, C], 0.3);
  const b = () => randn(rng, [C], 0.1);
  return { wq: w(), bq: b(), wk: w(), bk: b(), wv: w(), bv: b(), wo: w(), bo: b() };
}

/** A padding mask `[B, 1, 1, S]`: batch b keeps its first `valid[b]` keys. */
function paddingMask(S: number, valid: number[]): Tensor {
  return maskOf([valid.length, 1, 1, S], ([b, , , j]) => j! < valid[b!]!);
}

const FN = 'multiHeadAttention';

export default defineExercise({
  id: 'attention/multi-head',
  chapter: 'attention',
  title: { en: 'Multi-head attention', zh: '多头注意力' },
  statement: {
    en: `Implement \`multiHeadAttention(query, key, value, w, numHeads, mask?)\`: project the
inputs, split the channels into \`numHeads\` heads, run scaled dot-product attention in every
head at once, join the heads and project the result.

$$\\mathrm{MHA}(X_q, X_k, X_v)
= \\mathrm{Concat}(\\mathrm{head}_1, \\dots, \\mathrm{head}_h)\\,W_o + b_o,
\\quad \\mathrm{head}_i = \\mathrm{softmax}\\left(\\frac{Q_i K_i^\\top}{\\sqrt{d_h}}\\right) V_i$$

with $Q = X_q W_q + b_q$, $K = X_k W_k + b_k$, $V = X_v W_v + b_v$, and $Q_i$ the i-th slice of
$d_h = C / h$ channels of $Q$.

- \`query\`: \`[B, T, C]\`; \`key\`, \`value\`: \`[B, S, C]\` (self-attention passes the same
  tensor three times, so S = T). Returns \`[B, T, C]\`.
- \`w = {wq, bq, wk, bk, wv, bv, wo, bo}\`: every W is \`[C, C]\` in the \`[in, out]\` layout
  (\`y = x W + b\`), every b is \`[C]\`.
- \`mask\` (optional) broadcasts to \`[B, numHeads, T, S]\` — e.g. \`[T, S]\` or a padding mask
  \`[B, 1, 1, S]\`; 1 = may attend, 0 = blocked.
- Scale by $\\sqrt{d_h}$, the size of one head, not by $\\sqrt C$.

Example of the shapes, with B = 2, T = 5, S = 7, C = 16 and 4 heads (d_h = 4): the projected
query \`[2, 5, 16]\` is reshaped to \`[2, 5, 4, 4]\` and transposed to \`[2, 4, 5, 4]\` (B, heads,
T, d_h); the keys become \`[2, 4, 7, 4]\`; the scores are \`[2, 4, 5, 7]\`; the heads' outputs
\`[2, 4, 5, 4]\` go back through \`[2, 5, 4, 4]\` to \`[2, 5, 16]\`, then through \`wo\`, \`bo\`.
With one head, identity W and zero b, the result is plain attention
$\\mathrm{softmax}(QK^\\top / \\sqrt C)\\,V$.`,
    zh: `实现 \`multiHeadAttention(query, key, value, w, numHeads, mask?)\`：先对输入做线性投影，
把通道拆成 \`numHeads\` 个头，在所有头上同时做缩放点积注意力，再把各头拼回去，最后做输出投影。

$$\\mathrm{MHA}(X_q, X_k, X_v)
= \\mathrm{Concat}(\\mathrm{head}_1, \\dots, \\mathrm{head}_h)\\,W_o + b_o,
\\quad \\mathrm{head}_i = \\mathrm{softmax}\\left(\\frac{Q_i K_i^\\top}{\\sqrt{d_h}}\\right) V_i$$

其中 $Q = X_q W_q + b_q$，$K = X_k W_k + b_k$，$V = X_v W_v + b_v$，$Q_i$ 是 $Q$ 的第 i 段
$d_h = C / h$ 个通道。

- \`query\`：\`[B, T, C]\`；\`key\`、\`value\`：\`[B, S, C]\`（自注意力时同一个张量传三次，S = T）。
  返回 \`[B, T, C]\`。
- \`w = {wq, bq, wk, bk, wv, bv, wo, bo}\`：每个 W 都是 \`[C, C]\`，按 \`[in, out]\` 排列
  （\`y = x W + b\`），每个 b 都是 \`[C]\`。
- \`mask\`（可选）可广播到 \`[B, numHeads, T, S]\`，例如 \`[T, S]\` 或填充掩码 \`[B, 1, 1, S]\`；
  1 表示可以关注，0 表示屏蔽。
- 缩放因子是单个头的维度 $\\sqrt{d_h}$，不是 $\\sqrt C$。

形状示例：B = 2，T = 5，S = 7，C = 16，4 个头（d_h = 4）。投影后的 query \`[2, 5, 16]\`
先 reshape 成 \`[2, 5, 4, 4]\`，再转置成 \`[2, 4, 5, 4]\`（B、头、T、d_h）；key 变成
\`[2, 4, 7, 4]\`；分数为 \`[2, 4, 5, 7]\`；各头的输出 \`[2, 4, 5, 4]\` 经 \`[2, 5, 4, 4]\` 变回
\`[2, 5, 16]\`，再乘 \`wo\`、加 \`bo\`。只有一个头、W 为单位矩阵、b 为 0 时，结果就是普通的注意力
$\\mathrm{softmax}(QK^\\top / \\sqrt C)\\,V$。`,
  },
  signatures: {
    multiHeadAttention:
      'function multiHeadAttention(query: tf.Tensor, key: tf.Tensor, value: tf.Tensor, ' +
      'w: { wq: tf.Tensor; bq: tf.Tensor; wk: tf.Tensor; bk: tf.Tensor; wv: tf.Tensor; ' +
      'bv: tf.Tensor; wo: tf.Tensor; bo: tf.Tensor }, numHeads: number, mask?: tf.Tensor): ' +
      'tf.Tensor',
  },
  reference: { multiHeadAttention },
  cases: (rng) => {
    const x = randn(rng, [2, 5, 16]);
    const xPadded = randn(rng, [3, 6, 12]);
    return [
      {
        name: { en: 'values: self-attention, 4 heads', zh: '数值：自注意力，4 个头' },
        fn: FN,
        args: [x, x, x, weights(rng, 16), 4],
      },
      {
        name: {
          en: 'values: cross-attention S ≠ T, 2 heads, a [T, S] mask',
          zh: '数值：交叉注意力 S ≠ T，2 个头，[T, S] 掩码',
        },
        fn: FN,
        args: [
          randn(rng, [2, 4, 8]),
          randn(rng, [2, 6, 8]),
          randn(rng, [2, 6, 8]),
          weights(rng, 8),
          2,
          maskOf([4, 6], ([i, j]) => j! <= i! + 1),
        ],
      },
      {
        name: {
          en: 'values: self-attention, 3 heads, a [B, 1, 1, S] padding mask',
          zh: '数值：自注意力，3 个头，[B, 1, 1, S] 填充掩码',
        },
        fn: FN,
        args: [xPadded, xPadded, xPadded, weights(rng, 12), 3, paddingMask(6, [6, 4, 2])],
      },
      {
        name: { en: 'values: cross-attention, 1 head', zh: '数值：交叉注意力，1 个头' },
        fn: FN,
        args: [
          randn(rng, [1, 3, 8]),
          randn(rng, [1, 5, 8]),
          randn(rng, [1, 5, 8]),
          weights(rng, 8),
          1,
        ],
      },
      {
        name: {
          en: 'values: cross-attention, 4 heads, a padding mask',
          zh: '数值：交叉注意力，4 个头，填充掩码',
        },
        fn: FN,
        args: [
          randn(rng, [2, 3, 16]),
          randn(rng, [2, 7, 16]),
          randn(rng, [2, 7, 16]),
          weights(rng, 16),
          4,
          paddingMask(7, [5, 3]),
        ],
      },
    ];
  },
  integrations: [{ arch: 'bert', parts: { multiHeadAttention: 'multiHeadAttention' } }],
  mistakes: [
    {
      id: 'split-without-transpose',
      title: {
        en: 'Heads split by a reshape alone',
        zh: '拆分头时只用了 reshape，没有转置',
      },
      hint: {
        en:
          'Reshaping [B, T, C] straight to [B, nh, T, hs] mixes positions between heads. ' +
          'Reshape to [B, T, nh, hs], then transpose to [B, nh, T, hs].',
        zh:
          '把 [B, T, C] 直接 reshape 成 [B, nh, T, hs] 会把不同位置的通道混到一个头里。' +
          '应先 reshape 成 [B, T, nh, hs]，再转置成 [B, nh, T, hs]。',
      },
    },
    {
      id: 'merge-without-transpose',
      title: {
        en: 'Heads joined without transposing back',
        zh: '合并头时没有先转置回来',
      },
      hint: {
        en:
          'The heads come out as [B, nh, T, hs]: transpose to [B, T, nh, hs] before the ' +
          'reshape to [B, T, C].',
        zh: '各头的输出是 [B, nh, T, hs]：先转置成 [B, T, nh, hs]，再 reshape 成 [B, T, C]。',
      },
    },
    {
      id: 'scaled-by-sqrt-c',
      title: { en: 'Scaled by √C instead of √hs', zh: '除以了 √C 而不是 √hs' },
      hint: {
        en: 'Each head compares vectors of hs = C / numHeads channels: divide by √hs.',
        zh: '每个头比较的是 hs = C / numHeads 维的向量：应除以 √hs。',
      },
    },
    {
      id: 'no-output-projection',
      title: { en: 'Output projection forgotten', zh: '忘了输出投影' },
      hint: {
        en: 'After joining the heads, apply the output projection: y W_o + b_o.',
        zh: '各头拼接之后，还要做输出投影：y W_o + b_o。',
      },
    },
    {
      id: 'projections-mixed-up',
      title: { en: 'q, k and v projections mixed up', zh: 'q、k、v 的投影用混了' },
      hint: {
        en: 'Project the query with wq, bq, the key with wk, bk and the value with wv, bv.',
        zh: 'query 用 wq、bq 投影，key 用 wk、bk，value 用 wv、bv。',
      },
    },
  ],
  hints: [
    {
      en:
        'Write it in three steps: project and split into heads; attend in every head at once; ' +
        'join the heads and project.',
      zh: '分三步写：投影并拆成多个头；所有头一起做注意力；把头拼回去再投影。',
    },
    {
      en:
        'Splitting: x.reshape([B, T, nh, hs]).transpose([0, 2, 1, 3]) gives [B, nh, T, hs]; ' +
        'joining is the reverse, transpose first, then reshape.',
      zh:
        '拆分：x.reshape([B, T, nh, hs]).transpose([0, 2, 1, 3]) 得到 [B, nh, T, hs]；' +
        '合并则反过来，先转置，再 reshape。',
    },
    {
      en:
        'In every head: tf.softmax(tf.matMul(q, k, false, true).div(Math.sqrt(hs)) + mask ' +
        'term), then matMul with v; a mask adds (1 − mask) · (−1e9) to the scores.',
      zh:
        '每个头里：分数为 tf.matMul(q, k, false, true).div(Math.sqrt(hs))，有掩码时加上 ' +
        '(1 − mask) · (−1e9)，softmax 之后再与 v 相乘。',
    },
  ],
});
