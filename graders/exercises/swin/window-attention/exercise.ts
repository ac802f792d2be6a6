import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { shiftedWindowMask, windowAttention } from '../../../reference/index.ts';
import type { Rng } from '../../../grading/random.ts';
import type { Text, ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { maskOf, randn } from '../../inputs.ts';

interface Sizes {
  B: number;
  nW: number;
  heads: number;
  N: number;
  hd: number;
}

/** A random window mask [nW, N, N]: every token may attend to itself, ~60% of the others. */
function randomMask(rng: Rng, nW: number, N: number): Tensor {
  return maskOf([nW, N, N], ([, i, j]) => i === j || rng.next() < 0.6);
}

/** q, k, v [B·nW, heads, N, hd], bias [heads, N, N], then the mask [nW, N, N] if any. */
function attentionCase(
  rng: Rng,
  { B, nW, heads, N, hd }: Sizes,
  mask: 'none' | 'random' | Tensor,
  name: Text,
): ValueCase {
  const shape = [B * nW, heads, N, hd];
  const args = [randn(rng, shape), randn(rng, shape), randn(rng, shape), randn(rng, [heads, N, N])];
  if (mask === 'random') args.push(randomMask(rng, nW, N));
  else if (mask !== 'none') args.push(mask);
  const sizes = `B·nW = ${B}·${nW}, ${heads} head${heads > 1 ? 's' : ''}, N ${N}, hd ${hd}`;
  const zhSizes = `B·nW = ${B}·${nW}，${heads} 个头，N ${N}，hd ${hd}`;
  return {
    name: { en: `${name.en}: ${sizes}`, zh: `${name.zh}：${zhSizes}` },
    fn: 'windowAttention',
    args,
  };
}

export default defineExercise({
  id: 'swin/window-attention',
  chapter: 'swin',
  title: { en: 'Window attention', zh: '窗口注意力' },
  statement: {
    en: `Implement the attention of a Swin block, computed inside every window at once:

$$\\mathrm{softmax}\\Big(\\frac{Q K^\\top}{\\sqrt{hd}} + \\mathrm{bias} + M\\Big)\\, V$$

\`windowAttention(q, k, v, bias, mask?)\`:

- \`q\`, \`k\`, \`v\`: \`[B·nW, heads, N, hd]\`: the N = ws² tokens of each of the B·nW windows,
  split into heads. Returns \`[B·nW, heads, N, hd]\`.
- \`bias\`: \`[heads, N, N]\`, the relative position bias, the same for every window; it is
  added to the scaled scores, before the softmax.
- \`mask\` (optional): \`[nW, N, N]\`, one mask per window position of an image, 1 = may attend,
  0 = blocked (the shifted-window mask). The windows come image by image, so window i uses
  \`mask[i mod nW]\`. Blocked pairs get M = −100 (as the official code), or −∞: both give
  the same result here.

Example: one window of N = 2 tokens, one head, hd = 1, bias 0; q = k = [[1], [0]],
v = [[1], [3]]. The scores are [[1, 0], [0, 0]], the softmax rows are [0.731, 0.269] and
[0.5, 0.5], so the output is [[1.538], [2]]. With the mask [[1, 0], [0, 1]] each token only
sees itself and the output is v: [[1], [3]].`,
    zh: `实现 Swin block 中的注意力：一次性在所有窗口内部分别计算

$$\\mathrm{softmax}\\Big(\\frac{Q K^\\top}{\\sqrt{hd}} + \\mathrm{bias} + M\\Big)\\, V$$

\`windowAttention(q, k, v, bias, mask?)\`：

- \`q\`、\`k\`、\`v\`：\`[B·nW, heads, N, hd]\`，即 B·nW 个窗口中每个窗口的 N = ws² 个 token，
  已按头拆分。返回 \`[B·nW, heads, N, hd]\`。
- \`bias\`：\`[heads, N, N]\`，相对位置偏置，所有窗口共用；它加在缩放后的分数上，在 softmax 之前。
- \`mask\`（可选）：\`[nW, N, N]\`，每张图中每个窗口位置一个掩码，1 = 可以关注，0 = 屏蔽
  （即移位窗口掩码）。窗口按图片依次排列，所以第 i 个窗口使用 \`mask[i mod nW]\`。
  被屏蔽的位置取 M = −100（与官方代码一致），或取 −∞：在这里两者结果相同。

例：一个窗口，N = 2 个 token，一个头，hd = 1，bias 为 0；q = k = [[1], [0]]，v = [[1], [3]]。
分数为 [[1, 0], [0, 0]]，softmax 后两行分别是 [0.731, 0.269] 和 [0.5, 0.5]，
输出为 [[1.538], [2]]。若掩码为 [[1, 0], [0, 1]]，每个 token 只能看到自己，
输出就是 v：[[1], [3]]。`,
  },
  signatures: {
    windowAttention:
      'function windowAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, bias: tf.Tensor, ' +
      'mask?: tf.Tensor): tf.Tensor',
  },
  reference: { windowAttention },
  cases: (rng) => [
    attentionCase(rng, { B: 1, nW: 4, heads: 1, N: 4, hd: 8 }, 'none', {
      en: 'one image, no mask',
      zh: '一张图，无掩码',
    }),
    attentionCase(rng, { B: 1, nW: 4, heads: 3, N: 9, hd: 4 }, 'random', {
      en: 'one image, a mask',
      zh: '一张图，有掩码',
    }),
    attentionCase(rng, { B: 2, nW: 4, heads: 3, N: 4, hd: 6 }, 'random', {
      en: 'two images, a mask',
      zh: '两张图，有掩码',
    }),
    attentionCase(rng, { B: 2, nW: 2, heads: 2, N: 9, hd: 4 }, 'random', {
      en: 'two images of two windows, a mask',
      zh: '两张图，每张两个窗口，有掩码',
    }),
    attentionCase(rng, { B: 2, nW: 4, heads: 2, N: 16, hd: 8 }, shiftedWindowMask(8, 8, 4, 2), {
      en: "the PyTorch fixture's sizes, its shifted-window mask",
      zh: 'PyTorch 测试数据的尺寸与移位窗口掩码',
    }),
    attentionCase(rng, { B: 2, nW: 3, heads: 2, N: 4, hd: 5 }, 'none', {
      en: 'two images, no mask',
      zh: '两张图，无掩码',
    }),
  ],
  integrations: [{ arch: 'swin', parts: { windowAttention: 'windowAttention' } }],
  visual: {
    kind: 'weights',
    // one window of 3 × 3 tokens, v = identity: the output is the weights, mask included
    case: (rng) => ({
      name: { en: 'weights in one shifted window', zh: '一个移位窗口内的注意力权重' },
      fn: 'windowAttention',
      args: [
        randn(rng, [1, 1, 9, 9]),
        randn(rng, [1, 1, 9, 9]),
        tf.reshape(tf.eye(9), [1, 1, 9, 9]),
        randn(rng, [1, 9, 9], 0.5),
        maskOf([1, 9, 9], ([, i, j]) => (i! % 3 === 2) === (j! % 3 === 2)),
      ],
    }),
  },
  mistakes: [
    {
      id: 'mask-repeated-per-image',
      title: {
        en: 'Window masks repeated instead of tiled',
        zh: '窗口掩码是逐个重复的，而不是整体平铺',
      },
      hint: {
        en:
          'The windows come image by image: [img0 win0, img0 win1, …, img1 win0, …]. Window i ' +
          'needs mask[i mod nW], so the whole [nW, N, N] mask is tiled B times ' +
          "(tf.tile(mask, [B, 1, 1])), not each window's mask repeated B times in a row.",
        zh:
          '窗口是按图片依次排列的：[图0窗0, 图0窗1, …, 图1窗0, …]。' +
          '第 i 个窗口要用 mask[i mod nW]，所以应把整个 [nW, N, N] 掩码平铺 B 次' +
          '（tf.tile(mask, [B, 1, 1])），' +
          '而不是把每个窗口的掩码连续重复 B 次。',
      },
    },
    {
      id: 'bias-forgotten',
      title: { en: 'The relative position bias is missing', zh: '漏加了相对位置偏置' },
      hint: {
        en:
          'Add bias [heads, N, N] to the scaled scores [B·nW, heads, N, N] (it broadcasts over ' +
          'the windows) before the softmax.',
        zh:
          '在 softmax 之前，把 bias [heads, N, N] 加到缩放后的分数 [B·nW, heads, N, N] 上' +
          '（它会沿窗口维广播）。',
      },
    },
    {
      id: 'bias-after-softmax',
      title: { en: 'The bias added after the softmax', zh: '偏置加在了 softmax 之后' },
      hint: {
        en:
          'The bias is a term of the scores: softmax(q kᵀ / √hd + bias + mask). Added to the ' +
          'attention weights, the rows no longer sum to 1.',
        zh:
          '偏置是分数的一部分：softmax(q kᵀ / √hd + bias + mask)。' +
          '加到注意力权重上，每行的和就不再是 1 了。',
      },
    },
    {
      id: 'no-scale',
      title: { en: 'Scores not scaled by 1/√hd', zh: '分数没有乘 1/√hd' },
      hint: {
        en: 'Divide q kᵀ by √hd, where hd is the size of one head (the last axis of q).',
        zh: '要把 q kᵀ 除以 √hd，hd 是单个头的维度（q 的最后一维）。',
      },
    },
    {
      id: 'mask-ignored',
      title: { en: 'The mask is ignored', zh: '没有使用掩码' },
      hint: {
        en:
          'When a mask is given, add −100 (or −∞) to the scores of the pairs it blocks (where ' +
          'it is 0), before the softmax.',
        zh: '传入掩码时，要在 softmax 之前给被屏蔽的位置（掩码为 0 处）的分数加上 −100（或 −∞）。',
      },
    },
  ],
  hints: [
    {
      en:
        'This is scaled dot-product attention on rank-4 tensors: tf.matMul(q, k, false, true) ' +
        'gives the scores [B·nW, heads, N, N] of every window and head at once.',
      zh:
        '这就是四维张量上的缩放点积注意力：tf.matMul(q, k, false, true) 一次得到所有窗口、' +
        '所有头的分数 [B·nW, heads, N, N]。',
    },
    {
      en:
        'Scale by 1/√hd, add bias (it broadcasts), then the mask, then tf.softmax over the last ' +
        'axis, then matMul with v.',
      zh:
        '先乘 1/√hd，加上 bias（会自动广播），再加掩码，' +
        '然后沿最后一维做 tf.softmax，最后与 v 做 matMul。',
    },
    {
      en:
        'For the mask: B = q.shape[0] / nW; tf.tile(mask, [B, 1, 1]) is [B·nW, N, N] in the ' +
        "windows' order; expandDims(1) lets it broadcast over the heads. Add " +
        '(1 − mask) · (−100) to the scores.',
      zh:
        '关于掩码：B = q.shape[0] / nW；tf.tile(mask, [B, 1, 1]) 得到与窗口顺序一致的 ' +
        '[B·nW, N, N]；再 expandDims(1) 使其沿头的维度广播。把 (1 − mask) · (−100) 加到分数上。',
    },
  ],
});
