import * as tf from '@tensorflow/tfjs-core';
import { bertEmbeddings } from '../../../reference/index.ts';
import type { Rng } from '../../../grading/random.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randint, randn } from '../../inputs.ts';

/** Segment ids as BERT's sentence pairs have them: 0 for sentence A, then 1 for sentence B. */
function segmentIds(rng: Rng, B: number, T: number): tf.Tensor {
  const ids = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const start = T > 1 ? rng.int(1, T) : rng.int(0, 2); // where sentence B starts
    for (let t = start; t < T; t++) ids[b * T + t] = 1;
  }
  return tf.tensor(ids, [B, T], 'int32');
}

interface EmbeddingShape {
  B: number;
  T: number;
  V: number;
  P: number;
  H: number;
  eps?: number;
}

function embeddingCase(rng: Rng, { B, T, V, P, H, eps }: EmbeddingShape): ValueCase {
  const w = {
    wordEmbeddings: randn(rng, [V, H], 0.5),
    positionEmbeddings: randn(rng, [P, H], 0.5),
    tokenTypeEmbeddings: randn(rng, [2, H], 0.5),
    gamma: randn(rng, [H], 0.2, 1),
    beta: randn(rng, [H], 0.2),
  };
  const args = [randint(rng, [B, T], 0, V), segmentIds(rng, B, T), w];
  const shape = `B ${B}, T ${T}, V ${V}, P ${P}, H ${H}`;
  const en = T === 1 ? `values: one token, ${shape}` : `values: ${shape}`;
  const zh = T === 1 ? `数值：只有一个词元，${shape}` : `数值：${shape}`;
  if (eps === undefined) return { name: { en, zh }, fn: 'bertEmbeddings', args };
  return {
    name: { en: `${en}, eps ${eps}`, zh: `${zh}，eps ${eps}` },
    fn: 'bertEmbeddings',
    args: [...args, eps],
  };
}

export default defineExercise({
  id: 'bert/embeddings',
  chapter: 'bert',
  title: { en: "BERT's input embeddings", zh: 'BERT 的输入嵌入' },
  statement: {
    en: `Implement \`bertEmbeddings(inputIds, tokenTypeIds, w, eps = 1e-12)\`, BERT's input
representation: each token is the sum of three learned embeddings (its word, its segment
(sentence A or B) and its position), normalised by a LayerNorm:

$$E_{b,t} = \\mathrm{LN}\\big(W^{\\mathrm{word}}_{\\,\\mathrm{inputIds}_{b,t}}
+ W^{\\mathrm{type}}_{\\,\\mathrm{tokenTypeIds}_{b,t}} + W^{\\mathrm{pos}}_{\\,t}\\big)$$

- \`inputIds\`: \`[B, T]\` int32; \`tokenTypeIds\`: \`[B, T]\` int32, 0 for sentence A and 1 for
  sentence B.
- \`w.wordEmbeddings\`: \`[V, H]\`; \`w.positionEmbeddings\`: \`[P, H]\` with \`P ≥ T\`;
  \`w.tokenTypeEmbeddings\`: \`[2, H]\`; \`w.gamma\`, \`w.beta\`: \`[H]\`.
- Positions count from 0: the token at position \`t\` gets row \`t\` of
  \`w.positionEmbeddings\`.
- The LayerNorm is over the last axis (\`H\`), with the biased variance and \`eps\` inside the
  square root. Returns \`[B, T, H]\`.

Example: \`H = 2\`, \`inputIds = [[2, 0]]\`, \`tokenTypeIds = [[0, 1]]\`; word rows
\`0 → [1, 0]\`, \`2 → [0, 2]\`; segment rows \`0 → [0, 0]\`, \`1 → [1, 1]\`; position rows
\`0 → [1, 0]\`, \`1 → [0, 1]\`; \`gamma = [1, 1]\`, \`beta = [0, 0]\`. The sums are
\`[0, 2] + [0, 0] + [1, 0] = [1, 2]\` and \`[1, 0] + [1, 1] + [0, 1] = [2, 2]\`; after the
LayerNorm, \`[[[−1, 1], [0, 0]]]\`.`,
    zh: `实现 \`bertEmbeddings(inputIds, tokenTypeIds, w, eps = 1e-12)\`，即 BERT 的输入表示：
每个词元的表示是三个可学习嵌入之和——词嵌入、片段嵌入（属于句子 A 还是句子 B）和位置嵌入
——再经过一个 LayerNorm：

$$E_{b,t} = \\mathrm{LN}\\big(W^{\\mathrm{word}}_{\\,\\mathrm{inputIds}_{b,t}}
+ W^{\\mathrm{type}}_{\\,\\mathrm{tokenTypeIds}_{b,t}} + W^{\\mathrm{pos}}_{\\,t}\\big)$$

- \`inputIds\`：\`[B, T]\` int32；\`tokenTypeIds\`：\`[B, T]\` int32，句子 A 为 0，句子 B 为 1。
- \`w.wordEmbeddings\`：\`[V, H]\`；\`w.positionEmbeddings\`：\`[P, H]\`，\`P ≥ T\`；
  \`w.tokenTypeEmbeddings\`：\`[2, H]\`；\`w.gamma\`、\`w.beta\`：\`[H]\`。
- 位置从 0 开始数：位置 \`t\` 上的词元取 \`w.positionEmbeddings\` 的第 \`t\` 行。
- LayerNorm 沿最后一维（\`H\`）做，方差用有偏估计，\`eps\` 加在平方根里面。返回
  \`[B, T, H]\`。

例：\`H = 2\`，\`inputIds = [[2, 0]]\`，\`tokenTypeIds = [[0, 1]]\`；词嵌入的第 0 行为
\`[1, 0]\`、第 2 行为 \`[0, 2]\`；片段嵌入第 0 行为 \`[0, 0]\`、第 1 行为 \`[1, 1]\`；位置嵌入
第 0 行为 \`[1, 0]\`、第 1 行为 \`[0, 1]\`；\`gamma = [1, 1]\`，\`beta = [0, 0]\`。两个位置的和
分别是 \`[0, 2] + [0, 0] + [1, 0] = [1, 2]\` 与 \`[1, 0] + [1, 1] + [0, 1] = [2, 2]\`，
经过 LayerNorm 后得到 \`[[[−1, 1], [0, 0]]]\`。`,
  },
  signatures: {
    bertEmbeddings:
      'function bertEmbeddings(inputIds: tf.Tensor, tokenTypeIds: tf.Tensor, w: { ' +
      'wordEmbeddings: tf.Tensor; positionEmbeddings: tf.Tensor; tokenTypeEmbeddings: ' +
      'tf.Tensor; gamma: tf.Tensor; beta: tf.Tensor }, eps?: number): tf.Tensor',
  },
  reference: { bertEmbeddings },
  cases: (rng) => [
    embeddingCase(rng, { B: 2, T: 6, V: 20, P: 10, H: 8 }),
    embeddingCase(rng, { B: 1, T: 9, V: 30, P: 12, H: 16, eps: 1e-12 }),
    embeddingCase(rng, { B: 3, T: 4, V: 12, P: 8, H: 6, eps: 1e-5 }),
    embeddingCase(rng, { B: 2, T: 1, V: 10, P: 4, H: 8 }),
    embeddingCase(rng, { B: 4, T: 7, V: 25, P: 16, H: 12 }),
  ],
  integrations: [{ arch: 'bert', parts: { bertEmbeddings: 'bertEmbeddings' } }],
  mistakes: [
    {
      id: 'no-position-embeddings',
      title: { en: 'Position embeddings forgotten', zh: '忘了位置嵌入' },
      hint: {
        en:
          'Attention does not know the order of the tokens: add row t of ' +
          'w.positionEmbeddings to the token at position t.',
        zh: '注意力本身不知道词元的顺序：要给位置 t 上的词元加上 w.positionEmbeddings 的第 t 行。',
      },
    },
    {
      id: 'no-segment-embeddings',
      title: { en: 'Segment embeddings forgotten', zh: '忘了片段嵌入' },
      hint: {
        en:
          'Add the segment embedding too: row tokenTypeIds[b, t] of w.tokenTypeEmbeddings ' +
          'tells sentence A from sentence B.',
        zh:
          '还要加上片段嵌入：w.tokenTypeEmbeddings 的第 tokenTypeIds[b, t] 行，' +
          '用来区分句子 A 和句子 B。',
      },
    },
    {
      id: 'no-layer-norm',
      title: { en: 'LayerNorm forgotten', zh: '忘了 LayerNorm' },
      hint: {
        en:
          'BERT normalises the sum of the three embeddings with a LayerNorm (gamma, beta, ' +
          'eps) before the encoder.',
        zh: 'BERT 在进入编码器之前，会对三个嵌入之和做一次 LayerNorm（gamma、beta、eps）。',
      },
    },
    {
      id: 'positions-from-one',
      title: { en: 'Positions counted from 1', zh: '位置从 1 开始数' },
      hint: {
        en: 'The first token is at position 0: take rows 0..T−1 of w.positionEmbeddings.',
        zh: '第一个词元的位置是 0：取 w.positionEmbeddings 的第 0..T−1 行。',
      },
    },
    {
      id: 'layer-norm-before-sum',
      title: { en: 'LayerNorm before the sum', zh: 'LayerNorm 放在了求和之前' },
      hint: {
        en: 'Add the three embeddings first, then normalise their sum.',
        zh: '先把三个嵌入相加，再对它们的和做归一化。',
      },
    },
  ],
  hints: [
    {
      en: 'tf.gather(table, ids) looks up one row per id: [V, H] and [B, T] give [B, T, H].',
      zh: 'tf.gather(table, ids) 为每个 id 取出一行：[V, H] 和 [B, T] 得到 [B, T, H]。',
    },
    {
      en:
        'The position embeddings are the first T rows of the table, ' +
        'w.positionEmbeddings.slice([0, 0], [T, -1]): [T, H] broadcasts over the batch.',
      zh:
        '位置嵌入就是表的前 T 行，w.positionEmbeddings.slice([0, 0], [T, -1])：' +
        '[T, H] 会在 batch 维上广播。',
    },
    {
      en:
        'After the sum: subtract the mean over H, divide by sqrt(variance + eps), then ' +
        'multiply by gamma and add beta.',
      zh: '求和之后：减去沿 H 的均值，除以 sqrt(方差 + eps)，再乘 gamma、加 beta。',
    },
  ],
});
