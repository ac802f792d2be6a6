import { patchMerging } from '../../../reference/index.ts';
import type { Rng } from '../../../grading/random.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randn } from '../../inputs.ts';

/** A case: x [B, H, W, C] and random merging weights (gamma, beta [4C], reduction [4C, 2C]). */
function mergingCase(
  rng: Rng,
  [B, H, W, C]: [number, number, number, number],
  en: string,
  zh: string,
  eps?: number,
): ValueCase {
  const x = randn(rng, [B, H, W, C], 2, 0.5);
  const w = {
    gamma: randn(rng, [4 * C], 0.5, 1),
    beta: randn(rng, [4 * C], 0.5),
    reduction: randn(rng, [4 * C, 2 * C], 0.5),
  };
  const shape = `[${B}, ${H}, ${W}, ${C}]`;
  return {
    name: { en: `${en}: x ${shape}`, zh: `${zh}：x ${shape}` },
    fn: 'patchMerging',
    args: eps === undefined ? [x, w] : [x, w, eps],
  };
}

export default defineExercise({
  id: 'swin/patch-merging',
  chapter: 'swin',
  title: { en: 'Patch merging', zh: '图块合并（Patch Merging）' },
  statement: {
    en: `Between two stages, Swin halves the resolution and doubles the channels: every 2 × 2
neighbourhood of tokens becomes one token.

Implement \`patchMerging(x, w, eps = 1e-5)\`, where \`x\` is \`[B, H, W, C]\` (H and W even)
and \`w = { gamma, beta, reduction }\`, with gamma and beta \`[4C]\` and reduction
\`[4C, 2C]\`. Returns \`[B, H/2, W/2, 2C]\`:

1. Gather each 2 × 2 neighbourhood into 4C channels, in the official order, as (row, column)
   offsets: x0 = (0, 0), x1 = (1, 0), x2 = (0, 1), x3 = (1, 1). In PyTorch's slicing:
   \`x0 = x[:, 0::2, 0::2]\`, \`x1 = x[:, 1::2, 0::2]\`, \`x2 = x[:, 0::2, 1::2]\`,
   \`x3 = x[:, 1::2, 1::2]\`, concatenated along the channels.
2. LayerNorm over those 4C channels (biased variance, eps inside the square root), with
   gamma and beta.
3. Multiply by reduction (a linear layer without bias):
   $$y = \\mathrm{LN}([x_0, x_1, x_2, x_3])\\, W_{\\text{reduction}}$$

Example: one image of 2 × 2 with C = 1, holding [[1, 2], [3, 4]]. The gathered token is
[1, 3, 2, 4] (top left, bottom left, top right, bottom right); its mean is 2.5 and its
variance 1.25, so LayerNorm (gamma 1, beta 0) gives about [−1.342, 0.447, −0.447, 1.342],
which the [4, 2] reduction turns into the 2 output channels.`,
    zh: `在两个 stage 之间，Swin 把分辨率减半、通道数翻倍：
每个 2 × 2 的 token 邻域合并成一个 token。

实现 \`patchMerging(x, w, eps = 1e-5)\`，其中 \`x\` 形状为 \`[B, H, W, C]\`（H、W 为偶数），
\`w = { gamma, beta, reduction }\`，gamma 和 beta 为 \`[4C]\`，reduction 为 \`[4C, 2C]\`。
返回 \`[B, H/2, W/2, 2C]\`：

1. 把每个 2 × 2 邻域收集成 4C 个通道，顺序与官方代码一致，以（行，列）偏移表示：
   x0 = (0, 0)，x1 = (1, 0)，x2 = (0, 1)，x3 = (1, 1)。用 PyTorch 的切片写法就是
   \`x0 = x[:, 0::2, 0::2]\`、\`x1 = x[:, 1::2, 0::2]\`、\`x2 = x[:, 0::2, 1::2]\`、
   \`x3 = x[:, 1::2, 1::2]\`，再沿通道维拼接。
2. 在这 4C 个通道上做 LayerNorm（有偏方差，eps 在平方根内），使用 gamma 和 beta。
3. 乘以 reduction（一个没有偏置的线性层）：
   $$y = \\mathrm{LN}([x_0, x_1, x_2, x_3])\\, W_{\\text{reduction}}$$

例：一张 2 × 2、C = 1 的图，内容为 [[1, 2], [3, 4]]。收集得到的 token 是 [1, 3, 2, 4]
（左上、左下、右上、右下）；均值 2.5，方差 1.25，LayerNorm（gamma 为 1、beta 为 0）后约为
[−1.342, 0.447, −0.447, 1.342]，再经 [4, 2] 的 reduction 得到 2 个输出通道。`,
  },
  signatures: {
    patchMerging:
      'function patchMerging(x: tf.Tensor, w: { gamma: tf.Tensor; beta: tf.Tensor; ' +
      'reduction: tf.Tensor }, eps?: number): tf.Tensor',
  },
  reference: { patchMerging },
  cases: (rng) => [
    mergingCase(rng, [2, 4, 4, 3], 'two images', '两张图'),
    mergingCase(rng, [1, 4, 6, 2], 'a wide map', '宽图'),
    mergingCase(rng, [2, 6, 4, 1], 'a tall map, one channel', '高图、单通道'),
    mergingCase(rng, [3, 2, 4, 8], 'three images, C = 8', '三张图，C = 8'),
    mergingCase(rng, [1, 8, 4, 5], 'a tall map, C = 5', '高图，C = 5'),
    mergingCase(rng, [2, 4, 8, 2], 'eps = 0.1', 'eps = 0.1', 0.1),
  ],
  integrations: [{ arch: 'swin', parts: { patchMerging: 'patchMerging' } }],
  mistakes: [
    {
      id: 'row-order-neighbours',
      title: { en: 'Neighbours gathered row by row', zh: '邻域按行的顺序收集' },
      hint: {
        en:
          'The official order goes down the column first: (0, 0), (1, 0), (0, 1), (1, 1) — ' +
          'top left, bottom left, top right, bottom right. The channels of gamma, beta and the ' +
          'reduction follow that order.',
        zh:
          '官方的顺序是先沿列向下：(0, 0)、(1, 0)、(0, 1)、(1, 1)，即左上、左下、右上、右下。' +
          'gamma、beta 和 reduction 的通道都按这个顺序排列。',
      },
    },
    {
      id: 'halves-not-strides',
      title: { en: 'Halves instead of every other pixel', zh: '切成了两半，而不是隔一个取一个' },
      hint: {
        en:
          'x[:, 0::2] means rows 0, 2, 4, …, not the top half. tf.split(x, 2, 1) cuts the map ' +
          'in halves; take every other row and column with tf.stridedSlice(x, [0, r, c, 0], ' +
          '[B, H, W, C], [1, 2, 2, 1]).',
        zh:
          'x[:, 0::2] 表示第 0, 2, 4, … 行，而不是上半部分。tf.split(x, 2, 1) 是把图切成两半；' +
          '应当用 tf.stridedSlice(x, [0, r, c, 0], [B, H, W, C], [1, 2, 2, 1]) 隔行隔列地取。',
      },
    },
    {
      id: 'no-layer-norm',
      title: { en: 'LayerNorm forgotten', zh: '漏掉了 LayerNorm' },
      hint: {
        en:
          'Normalise the 4C gathered channels (mean 0, variance 1, then gamma and beta) before ' +
          'the reduction.',
        zh:
          '在 reduction 之前，要对收集到的 4C 个通道做归一化' +
          '（均值 0、方差 1，再乘 gamma、加 beta）。',
      },
    },
    {
      id: 'plain-reshape',
      title: { en: 'A plain reshape instead of gathering', zh: '直接 reshape，没有收集邻域' },
      hint: {
        en:
          'Reshaping [B, H, W, C] to [B, H/2, W/2, 4C] puts 4 consecutive pixels of one row ' +
          'together, not a 2 × 2 neighbourhood. Slice the four offsets and concatenate them, ' +
          'or reshape to [B, H/2, 2, W/2, 2, C] and transpose before reshaping.',
        zh:
          '把 [B, H, W, C] 直接 reshape 成 [B, H/2, W/2, 4C]，' +
          '放在一起的是同一行上连续的 4 个像素，而不是 2 × 2 邻域。应分别切出四个偏移再拼接，' +
          '或者先 reshape 成 [B, H/2, 2, W/2, 2, C]、转置之后再 reshape。',
      },
    },
  ],
  hints: [
    {
      en:
        'tf.stridedSlice(x, [0, r, c, 0], [B, H, W, C], [1, 2, 2, 1]) takes rows r, r + 2, … ' +
        'and columns c, c + 2, …: a [B, H/2, W/2, C] tensor.',
      zh:
        'tf.stridedSlice(x, [0, r, c, 0], [B, H, W, C], [1, 2, 2, 1]) 取第 r, r + 2, … 行和' +
        '第 c, c + 2, … 列，得到 [B, H/2, W/2, C]。',
    },
    {
      en:
        'Concatenate the slices for (r, c) = (0, 0), (1, 0), (0, 1), (1, 1) along the last ' +
        'axis: [B, H/2, W/2, 4C].',
      zh:
        '把 (r, c) = (0, 0)、(1, 0)、(0, 1)、(1, 1) 的四个切片沿最后一维拼接：' +
        '[B, H/2, W/2, 4C]。',
    },
    {
      en:
        'Then LayerNorm over the last axis with gamma, beta and eps, and matMul with ' +
        'w.reduction ([4C, 2C]); tf.matMul broadcasts the leading axes.',
      zh:
        '然后沿最后一维做 LayerNorm（用 gamma、beta 和 eps），再与 w.reduction（[4C, 2C]）做 ' +
        'matMul；tf.matMul 会对前面的维度广播。',
    },
  ],
});
