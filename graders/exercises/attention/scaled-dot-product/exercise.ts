import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { scaledDotProductAttention } from '../../../reference/index.ts';
import { compareOutputs } from '../../../grading/compare.ts';
import type { Output, PropertyContext, PropertyResult } from '../../../grading/types.ts';
import type { Rng } from '../../../grading/random.ts';
import { defineExercise } from '../../define.ts';
import { maskOf, randn } from '../../inputs.ts';

/**
 * A band along the (stretched) diagonal: query i may attend to the keys within `radius` of
 * its own place in the key sequence. Every row keeps a key and blocks one, and every key is
 * kept by some query, so neither an inverted mask nor a softmax over the queries gives NaN.
 *
 * Returns: `[Tq, Tk]` float32.
 */
function bandMask(Tq: number, Tk: number, radius: number): Tensor {
  const centre = (i: number) => Math.round((i * (Tk - 1)) / Math.max(Tq - 1, 1));
  return maskOf([Tq, Tk], ([i, j]) => Math.abs(j! - centre(i!)) <= radius);
}

/** q, k and v for one case: `[...lead, Tq, dk]`, `[...lead, Tk, dk]`, `[...lead, Tk, dv]`. */
function qkv(rng: Rng, lead: number[], Tq: number, Tk: number, dk: number, dv: number) {
  return [
    randn(rng, [...lead, Tq, dk]),
    randn(rng, [...lead, Tk, dk]),
    randn(rng, [...lead, Tk, dv]),
  ];
}

/**
 * Keys blocked in whole blocks, for rank-5 scores: in batch 0, queries 0-1 see keys 0-2 and
 * queries 2-3 see keys 3-5; in batch 1, keys 2-3 are blocked for every query.
 *
 * Returns: `[2, 1, 1, 4, 6]` float32.
 */
function blockMask(): Tensor {
  return maskOf([2, 1, 1, 4, 6], ([b, , , i, j]) => {
    if (b === 1) return j! < 2 || j! > 3;
    const firstQueries = i! < 2;
    const firstKeys = j! < 3;
    return firstQueries === firstKeys;
  });
}

/** x `[B, T, d]` with the positions from `cut` on drawn anew. */
function redrawFrom(rng: Rng, x: Tensor, cut: number): Tensor {
  const [B, T, d] = x.shape as [number, number, number];
  const kept = x.slice([0, 0, 0], [B, cut, d]); // (B, cut, d)
  return tf.concat([kept, randn(rng, [B, T - cut, d])], 1); // (B, T, d)
}

const fail = (en: string, zh: string): PropertyResult => ({ passed: false, message: { en, zh } });

/** A failed property when the output's shape is not `want`, else null. */
function wrongShape(got: Output, want: number[]): PropertyResult | null {
  if (got.shape.join() === want.join()) return null;
  return fail(
    `expected shape [${want.join(', ')}], got [${got.shape.join(', ')}]`,
    `形状应为 [${want.join(', ')}]，实际为 [${got.shape.join(', ')}]`,
  );
}

/** The first `count` rows (the second-to-last axis) of an output `[..., T, d]`. */
function leadingRows(out: Output, count: number): Output {
  const [T, d] = out.shape.slice(-2) as [number, number];
  const outer = out.values.length / (T * d);
  const values = new Float32Array(outer * count * d);
  for (let o = 0; o < outer; o++) {
    values.set(out.values.subarray(o * T * d, (o * T + count) * d), o * count * d);
  }
  return { shape: [...out.shape.slice(0, -2), count, d], dtype: out.dtype, values };
}

/** With v the identity, attention returns its weights: every row must sum to 1. */
async function rowsSumToOne({ rng, call, tolerance }: PropertyContext): Promise<PropertyResult> {
  const [B, Tq, Tk, dk] = [2, 4, 6, 8];
  const q = randn(rng, [B, Tq, dk]);
  const k = randn(rng, [B, Tk, dk]);
  const v = tf.broadcastTo(tf.eye(Tk), [B, Tk, Tk]); // the output is then the weights
  const weights = await call('scaledDotProductAttention', [q, k, v, bandMask(Tq, Tk, 1)]);
  const shape = wrongShape(weights, [B, Tq, Tk]);
  if (shape) return shape;

  for (let row = 0; row < B * Tq; row++) {
    const sum = weights.values.subarray(row * Tk, (row + 1) * Tk).reduce((a, b) => a + b, 0);
    if (!(Math.abs(sum - 1) <= 10 * tolerance)) {
      const at = `[${Math.floor(row / Tq)}, ${row % Tq}]`;
      return fail(
        `the weights of query ${at} sum to ${sum.toFixed(4)}, not 1: ` +
          'normalise with the softmax over the keys (the last axis), after masking',
        `查询 ${at} 的注意力权重之和为 ${sum.toFixed(4)}，不是 1：` +
          '应先加掩码，再沿键的维度（最后一维）做 softmax',
      );
    }
  }
  return { passed: true, message: { en: 'every row sums to 1', zh: '每行之和都为 1' } };
}

/** With a causal mask, new inputs at later positions leave the earlier outputs alone. */
async function causal({ rng, call, tolerance }: PropertyContext): Promise<PropertyResult> {
  const [B, T, dk, dv, cut] = [2, 6, 8, 5, 3];
  const [q, k, v] = qkv(rng, [B], T, T, dk, dv) as [Tensor, Tensor, Tensor];
  const redraw = (x: Tensor) => redrawFrom(rng, x, cut);
  const mask = maskOf([T, T], ([i, j]) => j! <= i!);
  const before = await call('scaledDotProductAttention', [q, k, v, mask]);
  const after = await call('scaledDotProductAttention', [redraw(q), redraw(k), redraw(v), mask]);
  const shape = wrongShape(before, [B, T, dv]) ?? wrongShape(after, [B, T, dv]);
  if (shape) return shape;

  const same = compareOutputs(leadingRows(after, cut), leadingRows(before, cut), 10 * tolerance);
  if (same.passed) {
    return { passed: true, message: { en: 'earlier outputs unchanged', zh: '前面位置的输出不变' } };
  }
  return fail(
    `changing q, k and v at positions ${cut}..${T - 1} changed the outputs of ` +
      `positions 0..${cut - 1}: ${same.message.en}. Blocked keys must get weight 0, and ` +
      'each query is normalised on its own (softmax over the keys).',
    `修改位置 ${cut}..${T - 1} 的 q、k、v 后，位置 0..${cut - 1} 的输出变了：` +
      `${same.message.zh}。被屏蔽的键权重必须为 0，且每个查询各自归一化（沿键做 softmax）。`,
  );
}

export default defineExercise({
  id: 'attention/scaled-dot-product',
  chapter: 'attention',
  title: { en: 'Scaled dot-product attention', zh: '缩放点积注意力' },
  statement: {
    en: `Implement \`scaledDotProductAttention(q, k, v, mask?)\`: every query takes a weighted
average of the values, weighted by how well it matches each key.

$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{Q K^\\top}{\\sqrt{d_k}}\\right) V$$

- \`q\`: \`[..., Tq, dk]\`, \`k\`: \`[..., Tk, dk]\`, \`v\`: \`[..., Tk, dv]\`. Returns
  \`[..., Tq, dv]\`. The leading axes (batch, heads, …) may be any number of axes, or none:
  your code must work for rank 2, 3, 4 and more.
- Divide the scores by $\\sqrt{d_k}$, the size of the queries and keys (not of the values).
- The softmax runs over the keys, the last axis of the scores \`[..., Tq, Tk]\`.
- \`mask\` (optional) broadcasts to \`[..., Tq, Tk]\`: 1 = may attend, 0 = blocked. Set the
  blocked scores to $-\\infty$ (or a very negative number such as $-10^9$) *before* the
  softmax, so that they get weight 0 and every row still sums to 1.

Example: \`q = [[1, 0]]\`, \`k = [[1, 0], [0, 1]]\`, \`v = [[1, 2], [3, 4]]\`. The scores are
$[1, 0] / \\sqrt 2 = [0.7071, 0]$, the weights $[0.6698, 0.3302]$, and the output
\`[[1.6605, 2.6605]]\`. With \`mask = [[1, 0]]\` the second key is blocked and the output is
\`[[1, 2]]\`.`,
    zh: `实现 \`scaledDotProductAttention(q, k, v, mask?)\`：每个查询（query）按它与各个键（key）
的匹配程度，对值（value）做加权平均。

$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{Q K^\\top}{\\sqrt{d_k}}\\right) V$$

- \`q\`：\`[..., Tq, dk]\`，\`k\`：\`[..., Tk, dk]\`，\`v\`：\`[..., Tk, dv]\`，
  返回 \`[..., Tq, dv]\`。前面的维度（batch、head 等）可以有任意多个，也可以没有：
  代码要能处理二维、三维、四维乃至更高维的输入。
- 分数要除以 $\\sqrt{d_k}$，即 q、k 的向量长度（不是 v 的）。
- softmax 沿键的方向做，也就是分数 \`[..., Tq, Tk]\` 的最后一维。
- \`mask\`（可选）可广播到 \`[..., Tq, Tk]\`：1 表示可以关注，0 表示屏蔽。要在 softmax **之前**
  把被屏蔽的分数设为 $-\\infty$（或 $-10^9$ 这样很大的负数），这样它们的权重为 0，
  每行权重之和仍为 1。

例：\`q = [[1, 0]]\`，\`k = [[1, 0], [0, 1]]\`，\`v = [[1, 2], [3, 4]]\`。分数为
$[1, 0] / \\sqrt 2 = [0.7071, 0]$，权重为 $[0.6698, 0.3302]$，输出为 \`[[1.6605, 2.6605]]\`。
若 \`mask = [[1, 0]]\`，第二个键被屏蔽，输出为 \`[[1, 2]]\`。`,
  },
  signatures: {
    scaledDotProductAttention:
      'function scaledDotProductAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, ' +
      'mask?: tf.Tensor): tf.Tensor',
  },
  reference: { scaledDotProductAttention },
  cases: (rng) => [
    {
      name: {
        en: 'values: rank 2, Tq ≠ Tk, dk ≠ dv, no mask',
        zh: '数值：二维输入，Tq ≠ Tk，dk ≠ dv，无掩码',
      },
      fn: 'scaledDotProductAttention',
      args: qkv(rng, [], 5, 7, 8, 3),
    },
    {
      name: { en: 'values: rank 3, a [Tq, Tk] mask', zh: '数值：三维输入，[Tq, Tk] 掩码' },
      fn: 'scaledDotProductAttention',
      args: [...qkv(rng, [2], 4, 6, 6, 5), bandMask(4, 6, 1)],
    },
    {
      name: { en: 'values: rank 3, batch 3, no mask', zh: '数值：三维输入，batch 为 3，无掩码' },
      fn: 'scaledDotProductAttention',
      args: qkv(rng, [3], 5, 5, 16, 8),
    },
    {
      name: {
        en: 'values: rank 4, a [B, 1, 1, Tk] padding mask',
        zh: '数值：四维输入，[B, 1, 1, Tk] 填充掩码',
      },
      fn: 'scaledDotProductAttention',
      args: [
        ...qkv(rng, [2, 3], 5, 7, 8, 4),
        maskOf([2, 1, 1, 7], ([b, , , j]) => j! < (b === 0 ? 5 : 3)),
      ],
    },
    {
      name: {
        en: 'values: rank 5, a mask blocking whole blocks of keys',
        zh: '数值：五维输入，成块屏蔽键的掩码',
      },
      fn: 'scaledDotProductAttention',
      args: [...qkv(rng, [2, 2, 2], 4, 6, 6, 3), blockMask()],
    },
    {
      name: { en: 'values: rank 4, a banded [T, T] mask', zh: '数值：四维输入，带状 [T, T] 掩码' },
      fn: 'scaledDotProductAttention',
      args: [...qkv(rng, [1, 2], 5, 5, 8, 5), bandMask(5, 5, 1)],
    },
  ],
  properties: [
    {
      name: {
        en: 'the attention weights of every query sum to 1',
        zh: '每个查询的注意力权重之和为 1',
      },
      run: rowsSumToOne,
    },
    {
      name: {
        en: 'with a causal mask, later positions do not change earlier outputs',
        zh: '加因果掩码后，靠后位置的 q、k、v 不影响前面位置的输出',
      },
      run: causal,
    },
  ],
  integrations: [
    { arch: 'gpt', parts: { scaledDotProductAttention: 'scaledDotProductAttention' } },
    { arch: 'bert', parts: { scaledDotProductAttention: 'scaledDotProductAttention' } },
  ],
  visual: {
    kind: 'weights',
    // with v = identity the output is the attention weights; a causal mask shows leaks
    case: (rng) => ({
      name: { en: 'attention weights, causal mask', zh: '注意力权重（因果掩码）' },
      fn: 'scaledDotProductAttention',
      args: [
        randn(rng, [6, 4], 1.5),
        randn(rng, [6, 4], 1.5),
        tf.eye(6),
        maskOf([6, 6], ([i, j]) => j! <= i!),
      ],
    }),
  },
  mistakes: [
    {
      id: 'no-scaling',
      title: { en: 'Scores not scaled', zh: '分数没有缩放' },
      hint: {
        en: 'Divide q kᵀ by √dk before the softmax; without it the softmax saturates as dk grows.',
        zh: 'softmax 之前要把 q kᵀ 除以 √dk；否则 dk 一大，softmax 就会饱和。',
      },
    },
    {
      id: 'scaled-by-sqrt-dv',
      title: { en: 'Scaled by √dv instead of √dk', zh: '除以了 √dv 而不是 √dk' },
      hint: {
        en: 'The scale comes from the dot product q · k, whose length is dk: the last axis of q.',
        zh: '缩放因子来自点积 q · k，其长度是 dk，即 q 的最后一维，与 v 无关。',
      },
    },
    {
      id: 'scaled-by-dk',
      title: { en: 'Divided by dk instead of √dk', zh: '除以了 dk 而不是 √dk' },
      hint: {
        en: 'Divide by the square root of dk: Math.sqrt(dk).',
        zh: '要除以 dk 的平方根：Math.sqrt(dk)。',
      },
    },
    {
      id: 'mask-after-softmax',
      title: { en: 'Mask applied after the softmax', zh: '在 softmax 之后才加掩码' },
      hint: {
        en:
          'Zeroing weights after the softmax leaves rows that no longer sum to 1. Mask the ' +
          'scores (blocked → −∞ or −1e9) before the softmax.',
        zh:
          'softmax 之后再把权重置 0，每行之和就不再是 1。' +
          '应在 softmax 之前对分数加掩码（被屏蔽的设为 −∞ 或 −1e9）。',
      },
    },
    {
      id: 'inverted-mask',
      title: { en: 'Mask inverted', zh: '掩码用反了' },
      hint: {
        en: 'In this course 1 means "may attend" and 0 means "blocked": block where mask is 0.',
        zh: '本课程约定 1 表示“可以关注”，0 表示“屏蔽”：应屏蔽 mask 为 0 的位置。',
      },
    },
    {
      id: 'softmax-wrong-axis',
      title: { en: 'Softmax over the wrong axis', zh: 'softmax 的维度不对' },
      hint: {
        en: 'Each query distributes its attention over the keys: softmax over the last axis (Tk).',
        zh: '每个查询把注意力分配到各个键上：softmax 要沿最后一维（Tk）做。',
      },
    },
    {
      id: 'rank-3-only',
      title: { en: 'Works only for [B, T, d]', zh: '只支持 [B, T, d] 三维输入' },
      hint: {
        en:
          'Do not unpack a fixed number of axes or transpose with [0, 2, 1]: ' +
          'tf.matMul(q, k, false, true) transposes the last two axes of k at any rank.',
        zh:
          '不要按固定维数解包形状，也不要用 [0, 2, 1] 转置：' +
          'tf.matMul(q, k, false, true) 对任意维数都会转置 k 的最后两维。',
      },
    },
  ],
  hints: [
    {
      en: 'tf.matMul works on the last two axes and broadcasts the leading ones.',
      zh: 'tf.matMul 作用在最后两维上，前面的维度会自动对齐（广播）。',
    },
    {
      en:
        'tf.matMul(q, k, false, true) gives q kᵀ, shape [..., Tq, Tk]; dk is ' +
        'q.shape[q.rank - 1].',
      zh:
        'tf.matMul(q, k, false, true) 就是 q kᵀ，形状为 [..., Tq, Tk]；' +
        'dk 是 q.shape[q.rank - 1]。',
    },
    {
      en:
        'scores = q kᵀ / √dk; if there is a mask, add (1 − mask) · (−1e9); then ' +
        'tf.matMul(tf.softmax(scores), v).',
      zh:
        'scores = q kᵀ / √dk；有掩码时加上 (1 − mask) · (−1e9)；' +
        '最后 tf.matMul(tf.softmax(scores), v)。',
    },
  ],
});
