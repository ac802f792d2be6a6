import * as tf from '@tensorflow/tfjs-core';
import { windowPartition, windowReverse } from '../../../reference/index.ts';
import { compareOutputs, toOutput } from '../../../grading/compare.ts';
import type { Rng } from '../../../grading/random.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';
import { randn } from '../../inputs.ts';

/** A windowPartition case: x [B, H, W, C] cut into windows of ws. */
function partitionCase(rng: Rng, shape: number[], ws: number, what: string, zh: string): ValueCase {
  return {
    name: {
      en: `windowPartition: ${what}, x [${shape.join(', ')}], ws ${ws}`,
      zh: `windowPartition：${zh}，x [${shape.join(', ')}]，ws ${ws}`,
    },
    fn: 'windowPartition',
    args: [randn(rng, shape), ws],
  };
}

/** A windowReverse case: the windows of B images of H × W with C channels. */
function reverseCase(
  rng: Rng,
  [B, H, W, C]: [number, number, number, number],
  ws: number,
  what: string,
  zh: string,
): ValueCase {
  const count = B * (H / ws) * (W / ws);
  return {
    name: {
      en: `windowReverse: ${what}, windows [${count}, ${ws}, ${ws}, ${C}] into ${H} × ${W}`,
      zh: `windowReverse：${zh}，窗口 [${count}, ${ws}, ${ws}, ${C}] 拼回 ${H} × ${W}`,
    },
    fn: 'windowReverse',
    args: [randn(rng, [count, ws, ws, C]), ws, H, W],
  };
}

export default defineExercise({
  id: 'swin/window-partition',
  chapter: 'swin',
  title: { en: 'Window partition and reverse', zh: '窗口划分与还原' },
  statement: {
    en: `Swin Transformer computes attention inside small windows of ws × ws tokens. Implement the
two helpers that cut a feature map into windows and put it back together.

- \`windowPartition(x, windowSize)\`: \`x\` is \`[B, H, W, C]\`, with H and W divisible by
  ws. Returns \`[B·nW, ws, ws, C]\`, where $$n_W = \\frac{H}{ws} \\cdot \\frac{W}{ws}$$ is the
  number of windows of one image. Inside an image the windows are row-major (left to right,
  then top to bottom); the windows of image 0 come first, then those of image 1, and so on.
- \`windowReverse(windows, windowSize, H, W)\`: the inverse. \`windows\` is
  \`[B·nW, ws, ws, C]\`; returns \`[B, H, W, C]\`.

Example: one image of 4 × 4 with a single channel holding 0, 1, …, 15 row by row, and ws = 2,
gives 4 windows:

$$\\begin{bmatrix}0&1\\\\4&5\\end{bmatrix},\\ \\begin{bmatrix}2&3\\\\6&7\\end{bmatrix},\\
\\begin{bmatrix}8&9\\\\12&13\\end{bmatrix},\\ \\begin{bmatrix}10&11\\\\14&15\\end{bmatrix}$$

and \`windowReverse\` turns these 4 windows back into the 4 × 4 image.`,
    zh: `Swin Transformer 只在 ws × ws 的小窗口内部计算注意力。
请实现两个辅助函数：把特征图切成窗口，以及把窗口拼回特征图。

- \`windowPartition(x, windowSize)\`：\`x\` 形状为 \`[B, H, W, C]\`，H 和 W 都能被 ws 整除。
  返回 \`[B·nW, ws, ws, C]\`，其中 $$n_W = \\frac{H}{ws} \\cdot \\frac{W}{ws}$$ 是每张图的窗口数。
  同一张图内的窗口按行优先排列（先从左到右，再从上到下）；
  先排第 0 张图的全部窗口，再排第 1 张，依此类推。
- \`windowReverse(windows, windowSize, H, W)\`：上面的逆操作。\`windows\` 形状为
  \`[B·nW, ws, ws, C]\`，返回 \`[B, H, W, C]\`。

例：一张 4 × 4、单通道的图，按行依次是 0, 1, …, 15，取 ws = 2，得到 4 个窗口：

$$\\begin{bmatrix}0&1\\\\4&5\\end{bmatrix},\\ \\begin{bmatrix}2&3\\\\6&7\\end{bmatrix},\\
\\begin{bmatrix}8&9\\\\12&13\\end{bmatrix},\\ \\begin{bmatrix}10&11\\\\14&15\\end{bmatrix}$$

\`windowReverse\` 再把这 4 个窗口拼回原来的 4 × 4 图。`,
  },
  signatures: {
    windowPartition: 'function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor',
    windowReverse:
      'function windowReverse(windows: tf.Tensor, windowSize: number, H: number, W: number): ' +
      'tf.Tensor',
  },
  reference: { windowPartition, windowReverse },
  cases: (rng) => [
    partitionCase(rng, [2, 8, 8, 3], 4, 'two images', '两张图'),
    partitionCase(rng, [1, 4, 8, 2], 2, 'a wide map', '宽图'),
    partitionCase(rng, [3, 6, 4, 1], 2, 'a tall map, one channel', '高图、单通道'),
    partitionCase(rng, [2, 4, 4, 5], 4, 'one window per image', '每张图只有一个窗口'),
    partitionCase(rng, [2, 6, 9, 2], 3, 'two images, 2 × 3 windows', '两张图，2 × 3 个窗口'),
    reverseCase(rng, [2, 8, 8, 3], 4, 'two images', '两张图'),
    reverseCase(rng, [1, 4, 8, 2], 2, 'a wide map', '宽图'),
    reverseCase(rng, [3, 6, 4, 1], 2, 'a tall map, one channel', '高图、单通道'),
    reverseCase(rng, [2, 4, 4, 5], 4, 'one window per image', '每张图只有一个窗口'),
    reverseCase(rng, [2, 6, 9, 2], 3, 'two images, 2 × 3 windows', '两张图，2 × 3 个窗口'),
  ],
  properties: [
    {
      name: {
        en: 'windowReverse undoes windowPartition',
        zh: '先 windowPartition 再 windowReverse，得到原来的 x',
      },
      async run({ rng, call, tolerance }) {
        const [H, W, ws] = [6, 8, 2];
        const x = randn(rng, [2, H, W, 3]);
        const windows = await call('windowPartition', [x, ws]);
        const cut = tf.tensor(windows.values, windows.shape, 'float32');
        const back = await call('windowReverse', [cut, ws, H, W]);
        const same = compareOutputs(back, await toOutput(x), tolerance);
        tf.dispose([x, cut]);
        return {
          passed: same.passed,
          message: same.passed
            ? { en: 'x comes back unchanged', zh: '还原后与 x 一致' }
            : {
                en: `windowReverse(windowPartition(x, 2), 2, 6, 8) is not x: ${same.message.en}`,
                zh: `windowReverse(windowPartition(x, 2), 2, 6, 8) 与 x 不同：${same.message.zh}`,
              },
        };
      },
    },
  ],
  integrations: [
    { arch: 'swin', parts: { windowPartition: 'windowPartition', windowReverse: 'windowReverse' } },
  ],
  visual: {
    kind: 'windows',
    // each pixel holds its own index, so the windows show where every pixel went
    case: () => ({
      name: { en: '8 × 8 map, windows of 4', zh: '8 × 8 特征图，窗口大小 4' },
      fn: 'windowPartition',
      args: [tf.reshape(tf.range(0, 64, 1, 'float32'), [1, 8, 8, 1]), 4],
    }),
  },
  mistakes: [
    {
      id: 'column-major-windows',
      title: { en: 'Windows ordered down the columns', zh: '窗口按列优先排列' },
      hint: {
        en:
          'After reshaping to [B, H/ws, ws, W/ws, ws, C], the two window-grid axes (1 and 3) ' +
          'must come first in that order: transpose with [0, 1, 3, 2, 4, 5], so that windows run ' +
          'left to right along a row before moving down.',
        zh:
          'reshape 成 [B, H/ws, ws, W/ws, ws, C] 之后，' +
          '窗口网格的两个轴（第 1、3 轴）要按这个顺序放在前面：' +
          '用 [0, 1, 3, 2, 4, 5] 转置，窗口先沿一行从左到右，再换到下一行。',
      },
    },
    {
      id: 'reshape-without-transpose',
      title: { en: 'Reshaped without transposing', zh: '只做了 reshape，没有转置' },
      hint: {
        en:
          'A reshape keeps the row-major order of the values, so reshaping [B, H, W, C] straight ' +
          'to [-1, ws, ws, C] puts ws² consecutive pixels of one row into a "window". Reshape to ' +
          '[B, H/ws, ws, W/ws, ws, C], transpose the axes, then reshape; windowReverse does the ' +
          'same backwards.',
        zh:
          'reshape 不会改变数值在内存中的行优先顺序，' +
          '直接把 [B, H, W, C] reshape 成 [-1, ws, ws, C]，' +
          '“窗口”里其实是同一行上连续的 ws² 个像素。应先 reshape 成 [B, H/ws, ws, W/ws, ws, C]，' +
          '转置坐标轴后再 reshape；windowReverse 按相反的顺序做同样的事。',
      },
    },
    {
      id: 'reverse-without-transpose',
      title: { en: 'windowReverse without the transpose', zh: 'windowReverse 漏了转置' },
      hint: {
        en:
          'windowPartition is right, but windowReverse must undo its transpose: reshape the ' +
          'windows to [B, H/ws, W/ws, ws, ws, C], transpose with [0, 1, 3, 2, 4, 5] to ' +
          '[B, H/ws, ws, W/ws, ws, C], then reshape to [B, H, W, C].',
        zh:
          'windowPartition 是对的，但 windowReverse 必须撤销它的转置：先把窗口 reshape 成 ' +
          '[B, H/ws, W/ws, ws, ws, C]，用 [0, 1, 3, 2, 4, 5] 转置成 [B, H/ws, ws, W/ws, ws, C]，' +
          '再 reshape 成 [B, H, W, C]。',
      },
    },
    {
      id: 'images-interleaved',
      title: { en: 'Windows of all images interleaved', zh: '不同图片的窗口交错在一起' },
      hint: {
        en:
          'Keep the batch axis first: all windows of image 0, then all windows of image 1. ' +
          'Moving it inside (after the window-grid axes) makes window w of every image ' +
          'neighbours, and the model then pairs windows with the wrong masks.',
        zh:
          'batch 轴要保持在最前面：先是第 0 张图的全部窗口，再是第 1 张图的。' +
          '把它挪到窗口网格轴之后，' +
          '各张图的第 w 个窗口就挨在一起了，模型随后会把窗口和错误的掩码配对。',
      },
    },
  ],
  hints: [
    {
      en:
        'Think of the map as a grid of windows: reshape [B, H, W, C] to ' +
        '[B, H/ws, ws, W/ws, ws, C], which splits each spatial axis into (which window, where ' +
        'inside it).',
      zh:
        '把特征图看成由窗口组成的网格：把 [B, H, W, C] reshape 成 [B, H/ws, ws, W/ws, ws, C]，' +
        '每个空间轴被拆成“第几个窗口”和“窗口内的位置”两部分。',
    },
    {
      en:
        'Bring the two "which window" axes together before the "inside the window" axes: ' +
        'tf.transpose(x, [0, 1, 3, 2, 4, 5]) gives [B, H/ws, W/ws, ws, ws, C].',
      zh:
        '把两个“第几个窗口”的轴移到“窗口内位置”的轴前面：tf.transpose(x, [0, 1, 3, 2, 4, 5]) ' +
        '得到 [B, H/ws, W/ws, ws, ws, C]。',
    },
    {
      en:
        'Then reshape to [-1, ws, ws, C]. For windowReverse, ' +
        'B = windows.shape[0] / (H/ws · W/ws); ' +
        'reshape to [B, H/ws, W/ws, ws, ws, C], apply the same transpose (it is its own ' +
        'inverse), and reshape to [B, H, W, C].',
      zh:
        '最后 reshape 成 [-1, ws, ws, C]。windowReverse 中 B = windows.shape[0] / (H/ws · W/ws)；' +
        '先 reshape 成 [B, H/ws, W/ws, ws, ws, C]，再做同样的转置（它的逆就是它自己），' +
        '最后 reshape 成 [B, H, W, C]。',
    },
  ],
});
