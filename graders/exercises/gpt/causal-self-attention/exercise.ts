import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { causalSelfAttention } from '../../../reference/index.ts';
import { compareOutputs, outputDistance } from '../../../grading/compare.ts';
import type { Rng } from '../../../grading/random.ts';
import type { Output, PropertyContext, PropertyResult, ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randn } from '../../inputs.ts';

/** nanoGPT's attention weights for width C, large enough that the scores are not flat. */
function attentionWeights(rng: Rng, C: number): Record<string, Tensor> {
  return {
    wqkv: randn(rng, [C, 3 * C], 0.4),
    bqkv: randn(rng, [3 * C], 0.1),
    wo: randn(rng, [C, C], 0.3),
    bo: randn(rng, [C], 0.1),
  };
}

function attentionCase(rng: Rng, B: number, T: number, C: number, heads: number): ValueCase {
  const shape = `B ${B}, T ${T}, C ${C}`;
  const en = T === 1 ? `values: one token, ${shape}` : `values: ${shape}`;
  const zh = T === 1 ? `数值：只有一个词元，${shape}` : `数值：${shape}`;
  const headsEn = heads === 1 ? '1 head' : `${heads} heads`;
  return {
    name: { en: `${en}, ${headsEn}`, zh: `${zh}，${heads} 个头` },
    fn: 'causalSelfAttention',
    args: [randn(rng, [B, T, C]), attentionWeights(rng, C), heads],
  };
}

/** The values at positions [from, to) of a [B, T, C] output, as an output of their own. */
function positions(out: Output, from: number, to: number): Output {
  const [B, T, C] = out.shape as [number, number, number];
  const values = new Float32Array(B * (to - from) * C);
  for (let b = 0; b < B; b++) {
    const part = out.values.subarray((b * T + from) * C, (b * T + to) * C);
    values.set(part, b * (to - from) * C);
  }
  return { shape: [B, to - from, C], dtype: out.dtype, values };
}

/**
 * Causality: replacing the tokens after position t leaves the outputs at 0..t as they were,
 * and changes the later ones.
 */
async function checkCausality({ rng, call, tolerance }: PropertyContext): Promise<PropertyResult> {
  const [B, T, C, heads] = [2, 6, 8, 2];
  const t = rng.int(1, T - 1);
  const x = randn(rng, [B, T, C]);
  const w = attentionWeights(rng, C);
  const future = randn(rng, [B, T - t - 1, C]);
  const changed = tf.concat([tf.slice(x, [0, 0, 0], [B, t + 1, C]), future], 1); // (B, T, C)
  const before = await call('causalSelfAttention', [x, w, heads]);
  const after = await call('causalSelfAttention', [changed, w, heads]);
  if (after.shape.join() !== [B, T, C].join() || before.shape.join() !== after.shape.join()) {
    return {
      passed: false,
      message: {
        en: `expected outputs of shape [${B}, ${T}, ${C}], got [${after.shape}]`,
        zh: `输出形状应为 [${B}, ${T}, ${C}]，实际为 [${after.shape}]`,
      },
    };
  }

  const past = compareOutputs(
    positions(after, 0, t + 1),
    positions(before, 0, t + 1),
    10 * tolerance,
  );
  if (!past.passed) {
    return {
      passed: false,
      message: {
        en:
          `changing the tokens after position ${t} changed the outputs at positions 0..${t}: ` +
          `${past.message.en}. Position i must not see positions after i.`,
        zh:
          `只改动位置 ${t} 之后的词元，位置 0..${t} 的输出却变了：${past.message.zh}。` +
          `位置 i 不应看到 i 之后的位置。`,
      },
    };
  }
  const later = outputDistance(positions(after, t + 1, T), positions(before, t + 1, T));
  if (!(later > 10 * tolerance)) {
    return {
      passed: false,
      message: {
        en:
          `changing the tokens after position ${t} left the later outputs unchanged: ` +
          `each position must attend to itself and to the positions before it.`,
        zh: `改动位置 ${t} 之后的词元，后面位置的输出却没有变：每个位置都应关注它自己和它之前的位置。`,
      },
    };
  }
  return {
    passed: true,
    message: { en: 'the past does not see the future', zh: '过去的位置看不到未来' },
  };
}

export default defineExercise({
  id: 'gpt/causal-self-attention',
  chapter: 'gpt',
  title: { en: 'Causal self-attention', zh: '因果自注意力（Causal Self-Attention）' },
  statement: {
    en: `Implement \`causalSelfAttention(x, w, numHeads)\`, the attention of a GPT block, as
nanoGPT's \`CausalSelfAttention\` computes it:

1. one linear layer gives queries, keys and values at once:
   \`qkv = x @ w.wqkv + w.bqkv\`, then split its last axis into **q | k | v** (in that order);
2. split the channels of each into \`numHeads\` heads of \`hs = C / numHeads\` channels:
   \`[B, T, C] → [B, numHeads, T, hs]\`;
3. in every head, attend only to the current and earlier positions:

$$\\mathrm{head} = \\mathrm{softmax}\\!\\left(\\frac{q k^\\top}{\\sqrt{hs}} + M\\right) v,
\\qquad M_{ij} = \\begin{cases} 0 & j \\le i \\\\ -\\infty & j > i \\end{cases}$$

4. put the heads back side by side (\`[B, T, C]\`) and project: \`y @ w.wo + w.bo\`.

- \`x\`: \`[B, T, C]\`; \`w.wqkv\`: \`[C, 3C]\`, \`w.bqkv\`: \`[3C]\`, \`w.wo\`: \`[C, C]\`,
  \`w.bo\`: \`[C]\`. Returns \`[B, T, C]\`.

Example: one head, \`C = 2\`, \`x = [[[1, 0], [0, 1]]]\`, \`w.wqkv = [I | I | I]\` (so that
q = k = v = x), \`w.wo = I\` and zero biases. Position 0 only sees itself: \`[1, 0]\`. Position 1
sees both, with scores \`[0, 1/√2]\` and weights \`[0.3302, 0.6698]\`, so the result is
\`[[[1, 0], [0.3302, 0.6698]]]\`.`,
    zh: `实现 \`causalSelfAttention(x, w, numHeads)\`，即 GPT 块中的注意力，算法与 nanoGPT 的
\`CausalSelfAttention\` 相同：

1. 用一个线性层同时算出查询、键和值：\`qkv = x @ w.wqkv + w.bqkv\`，再沿最后一维按
   **q | k | v** 的顺序切成三份；
2. 把每一份的通道分成 \`numHeads\` 个头，每个头 \`hs = C / numHeads\` 个通道：
   \`[B, T, C] → [B, numHeads, T, hs]\`；
3. 每个头内，每个位置只关注当前及之前的位置：

$$\\mathrm{head} = \\mathrm{softmax}\\!\\left(\\frac{q k^\\top}{\\sqrt{hs}} + M\\right) v,
\\qquad M_{ij} = \\begin{cases} 0 & j \\le i \\\\ -\\infty & j > i \\end{cases}$$

4. 把各个头重新拼回 \`[B, T, C]\`，再做输出投影：\`y @ w.wo + w.bo\`。

- \`x\`：\`[B, T, C]\`；\`w.wqkv\`：\`[C, 3C]\`，\`w.bqkv\`：\`[3C]\`，\`w.wo\`：\`[C, C]\`，
  \`w.bo\`：\`[C]\`。返回 \`[B, T, C]\`。

例：一个头，\`C = 2\`，\`x = [[[1, 0], [0, 1]]]\`，\`w.wqkv = [I | I | I]\`（于是
q = k = v = x），\`w.wo = I\`，偏置全为 0。位置 0 只能看到自己，输出 \`[1, 0]\`；位置 1
能看到两个位置，得分 \`[0, 1/√2]\`，权重 \`[0.3302, 0.6698]\`，所以结果是
\`[[[1, 0], [0.3302, 0.6698]]]\`。`,
  },
  signatures: {
    causalSelfAttention:
      'function causalSelfAttention(x: tf.Tensor, w: { wqkv: tf.Tensor; bqkv: tf.Tensor; ' +
      'wo: tf.Tensor; bo: tf.Tensor }, numHeads: number): tf.Tensor | Promise<tf.Tensor>',
  },
  reference: { causalSelfAttention },
  cases: (rng) => [
    attentionCase(rng, 2, 5, 8, 2),
    attentionCase(rng, 1, 7, 12, 4),
    attentionCase(rng, 3, 4, 6, 1),
    attentionCase(rng, 2, 1, 8, 2),
    attentionCase(rng, 2, 6, 16, 4),
    attentionCase(rng, 1, 8, 8, 2),
  ],
  properties: [
    {
      name: {
        en: 'changing later tokens leaves earlier outputs unchanged',
        zh: '改动后面的词元，不影响前面位置的输出',
      },
      run: checkCausality,
    },
  ],
  integrations: [{ arch: 'gpt', parts: { causalSelfAttention: 'causalSelfAttention' } }],
  mistakes: [
    {
      id: 'no-causal-mask',
      title: { en: 'No causal mask', zh: '没有因果掩码' },
      hint: {
        en:
          'Before the softmax, set the scores of every key j > i to -Infinity, so position i ' +
          'only sees positions 0..i.',
        zh: '在 softmax 之前，把所有 j > i 的得分设为 -Infinity，使位置 i 只能看到位置 0..i。',
      },
    },
    {
      id: 'mask-off-by-one',
      title: { en: 'The mask lets in one future token', zh: '掩码多放进了一个未来的词元' },
      hint: {
        en:
          'Position i may see j ≤ i, not j ≤ i + 1: keep the diagonal and everything below ' +
          'it (tf.linalg.bandPart(ones, -1, 0)).',
        zh:
          '位置 i 只能看到 j ≤ i，而不是 j ≤ i + 1：保留对角线及其下方' +
          '（tf.linalg.bandPart(ones, -1, 0)）。',
      },
    },
    {
      id: 'kqv-order',
      title: { en: 'q, k, v split in the wrong order', zh: 'q、k、v 切分顺序错了' },
      hint: {
        en:
          'The columns of wqkv are q | k | v: the first C outputs are the queries, the next C ' +
          'the keys, the last C the values.',
        zh: 'wqkv 的列依次是 q | k | v：前 C 个输出是查询，接下来 C 个是键，最后 C 个是值。',
      },
    },
    {
      id: 'heads-without-transpose',
      title: { en: 'Heads split without the transpose', zh: '分头时没有转置' },
      hint: {
        en:
          'Reshape [B, T, C] to [B, T, nh, hs] and then transpose to [B, nh, T, hs]; ' +
          'reshaping straight to [B, nh, T, hs] mixes positions and channels. Undo it the ' +
          'same way when merging the heads.',
        zh:
          '先把 [B, T, C] reshape 成 [B, T, nh, hs]，再转置成 [B, nh, T, hs]；直接 reshape ' +
          '成 [B, nh, T, hs] 会把位置和通道混在一起。合并各头时按相反的顺序还原。',
      },
    },
    {
      id: 'scale-sqrt-c',
      title: { en: 'Scaled by √C instead of √hs', zh: '用 √C 而不是 √hs 缩放' },
      hint: {
        en: 'Each head works in hs = C / numHeads dimensions: divide its scores by √hs.',
        zh: '每个头的维度是 hs = C / numHeads：得分应除以 √hs。',
      },
    },
  ],
  hints: [
    {
      en: 'tf.split(qkv, 3, 2) cuts [B, T, 3C] into three [B, T, C] tensors: q, k and v.',
      zh: 'tf.split(qkv, 3, 2) 把 [B, T, 3C] 切成三个 [B, T, C]：依次是 q、k、v。',
    },
    {
      en:
        'Heads: reshape to [B, T, nh, hs], then transpose([0, 2, 1, 3]). ' +
        'tf.matMul(q, k, false, true) gives the scores [B, nh, T, T].',
      zh:
        '分头：reshape 成 [B, T, nh, hs]，再 transpose([0, 2, 1, 3])。' +
        'tf.matMul(q, k, false, true) 得到得分 [B, nh, T, T]。',
    },
    {
      en:
        'Mask: tf.linalg.bandPart(tf.ones([T, T]), -1, 0) is 1 where j ≤ i; use tf.where to ' +
        'put -Infinity elsewhere, then softmax over the last axis.',
      zh:
        '掩码：tf.linalg.bandPart(tf.ones([T, T]), -1, 0) 在 j ≤ i 处为 1；用 tf.where ' +
        '把其余位置设为 -Infinity，再沿最后一维做 softmax。',
    },
  ],
});
