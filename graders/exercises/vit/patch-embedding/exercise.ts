import { patchEmbedding } from '../../../reference/index.ts';
import type { Rng } from '../../../grading/random.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randn } from '../../inputs.ts';

/** A case: images [B, H, W, C], a kernel [p, p, C, E] and a bias [E]. */
function embeddingCase(
  rng: Rng,
  [B, H, W, C]: [number, number, number, number],
  p: number,
  E: number,
  en: string,
  zh: string,
): ValueCase {
  const args = [randn(rng, [B, H, W, C]), randn(rng, [p, p, C, E], 0.3), randn(rng, [E], 0.5), p];
  const sizes = `images [${B}, ${H}, ${W}, ${C}], p ${p}, E ${E}`;
  return { name: { en: `${en}: ${sizes}`, zh: `${zh}：${sizes}` }, fn: 'patchEmbedding', args };
}

export default defineExercise({
  id: 'vit/patch-embedding',
  chapter: 'applications',
  title: { en: 'Patch embedding', zh: '图块嵌入（Patch Embedding）' },
  statement: {
    en: `A Vision Transformer reads an image as a sequence: it cuts the image into p × p patches,
flattens each one and projects it to an embedding of E values. Cutting and projecting at once
is a convolution whose kernel size and stride are both p.

Implement \`patchEmbedding(images, kernel, bias, patchSize)\`:

- \`images\`: \`[B, H, W, C]\` (channels last), H and W divisible by p = \`patchSize\`.
- \`kernel\`: \`[p, p, C, E]\`, \`bias\`: \`[E]\`.
- Returns \`[B, N, E]\` with N = (H/p) · (W/p) patches in row-major order: patch n = r · (W/p) + s
  is the one at patch row r, patch column s, and

$$z_{n,e} = b_e + \\sum_{i=0}^{p-1} \\sum_{j=0}^{p-1} \\sum_{c}
  x_{rp + i,\\ sp + j,\\ c}\\, K_{i,j,c,e}$$

Swin Transformer's first layer is the same operation (with p = 4).

Example: one 4 × 4 image with a single channel holding 0, 1, …, 15 row by row, p = 2, E = 1,
a kernel of ones and bias 0: each output is the sum of one 2 × 2 patch, so the result is
\`[[[10], [18], [42], [50]]]\`, shape [1, 4, 1].`,
    zh: `Vision Transformer 把图像当作一个序列来读：把图像切成 p × p 的图块，把每个图块展平，
再投影成长度为 E 的嵌入向量。“切块 + 投影”合在一起，就是一个卷积核大小和步长都为 p 的卷积。

实现 \`patchEmbedding(images, kernel, bias, patchSize)\`：

- \`images\`：\`[B, H, W, C]\`（通道在最后），H 和 W 都能被 p = \`patchSize\` 整除。
- \`kernel\`：\`[p, p, C, E]\`，\`bias\`：\`[E]\`。
- 返回 \`[B, N, E]\`，共 N = (H/p) · (W/p) 个图块，按行优先排列：第 n = r · (W/p) + s 个图块
  位于第 r 行、第 s 列，且

$$z_{n,e} = b_e + \\sum_{i=0}^{p-1} \\sum_{j=0}^{p-1} \\sum_{c}
  x_{rp + i,\\ sp + j,\\ c}\\, K_{i,j,c,e}$$

Swin Transformer 的第一层也是同样的操作（p = 4）。

例：一张 4 × 4、单通道的图，按行依次是 0, 1, …, 15；p = 2，E = 1，卷积核全为 1，bias 为 0：
每个输出就是一个 2 × 2 图块的和，结果为 \`[[[10], [18], [42], [50]]]\`，形状 [1, 4, 1]。`,
  },
  signatures: {
    patchEmbedding:
      'function patchEmbedding(images: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, ' +
      'patchSize: number): tf.Tensor',
  },
  reference: { patchEmbedding },
  cases: (rng) => [
    embeddingCase(rng, [2, 8, 12, 3], 4, 8, 'two wide RGB images', '两张宽的 RGB 图'),
    embeddingCase(rng, [1, 6, 4, 1], 2, 5, 'a tall grey image', '一张高的灰度图'),
    embeddingCase(rng, [3, 9, 6, 3], 3, 4, 'three images, p = 3', '三张图，p = 3'),
    embeddingCase(rng, [2, 8, 4, 2], 2, 6, 'two channels', '两个通道'),
    embeddingCase(rng, [1, 10, 15, 3], 5, 7, 'a wide image, p = 5', '一张宽图，p = 5'),
  ],
  integrations: [{ arch: 'swin', parts: { patchEmbedding: 'patchEmbedding' } }],
  mistakes: [
    {
      id: 'column-major-patches',
      title: { en: 'Patches ordered down the columns', zh: '图块按列优先排列' },
      hint: {
        en:
          'The sequence reads the patches like text: along the first patch row, left to right, ' +
          'then the next row. The convolution gives [B, H/p, W/p, E]; reshape it to [B, N, E] ' +
          'directly, without swapping the two patch axes.',
        zh:
          '序列读图块的顺序和读文字一样：先沿第一行从左到右，再到下一行。卷积结果是 ' +
          '[B, H/p, W/p, E]，直接 reshape 成 [B, N, E]，不要交换两个图块轴。',
      },
    },
    {
      id: 'stride-one',
      title: { en: 'Stride 1 instead of p', zh: '步长用了 1 而不是 p' },
      hint: {
        en:
          'Patches do not overlap: the convolution moves p pixels at a time. With stride 1 it ' +
          'gives (H − p + 1) · (W − p + 1) overlapping patches instead of (H/p) · (W/p).',
        zh:
          '图块之间不重叠：卷积每次移动 p 个像素。步长为 1 时会得到 (H − p + 1) · (W − p + 1) 个' +
          '重叠的图块，而不是 (H/p) · (W/p) 个。',
      },
    },
    {
      id: 'bias-forgotten',
      title: { en: 'The bias is missing', zh: '漏加了偏置' },
      hint: {
        en: 'Add bias [E] to every patch embedding; it broadcasts over [B, N, E].',
        zh: '每个图块的嵌入都要加上 bias [E]；它会在 [B, N, E] 上自动广播。',
      },
    },
    {
      id: 'flatten-wrong-order',
      title: {
        en: 'Patch pixels flattened in another order than the kernel',
        zh: '图块像素的展平顺序与卷积核不一致',
      },
      hint: {
        en:
          'Flattening a patch and multiplying by a reshaped kernel is right only if both use the ' +
          'same order. kernel.reshape([p·p·C, E]) is in (row, column, channel) order, so each ' +
          'patch must be flattened as [p, p, C], not [C, p, p]. Or let tf.conv2d(images, ' +
          "kernel, p, 'valid') do it.",
        zh:
          '把图块展平再乘以 reshape 后的卷积核，只有两者顺序一致时才对。' +
          'kernel.reshape([p·p·C, E]) ' +
          '的顺序是（行、列、通道），所以每个图块要按 [p, p, C] 展平，而不是 [C, p, p]。' +
          "也可以直接用 tf.conv2d(images, kernel, p, 'valid')。",
      },
    },
  ],
  hints: [
    {
      en:
        "The kernel is already in tf.conv2d's layout, [height, width, in, out], and the " +
        'images are channels last, as tf.conv2d expects.',
      zh:
        '卷积核已经是 tf.conv2d 要求的布局 [高, 宽, 输入通道, 输出通道]，' +
        '图像也已是 tf.conv2d 需要的通道在后（NHWC）格式。',
    },
    {
      en:
        "tf.conv2d(images, kernel, p, 'valid') moves by p pixels: one output per patch, " +
        '[B, H/p, W/p, E].',
      zh:
        "tf.conv2d(images, kernel, p, 'valid') 每次移动 p 个像素：" +
        '每个图块一个输出，[B, H/p, W/p, E]。',
    },
    {
      en: 'Add the bias, then reshape to [B, (H/p) · (W/p), E]: the patches come out row-major.',
      zh: '加上 bias，再 reshape 成 [B, (H/p) · (W/p), E]：图块自然就是行优先的顺序。',
    },
  ],
});
