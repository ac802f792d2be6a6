import { shiftedWindowMask } from '../../../reference/index.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';

/** A mask case: an H × W map, windows of ws, shifted by shift. */
function maskCase(H: number, W: number, ws: number, shift: number, zh: string, en: string) {
  const sizes = `${H} × ${W}, ws ${ws}, shift ${shift}`;
  return {
    name: { en: `${en}: ${sizes}`, zh: `${zh}：${sizes}` },
    fn: 'shiftedWindowMask',
    args: [H, W, ws, shift],
    kind: 'mask',
  } satisfies ValueCase;
}

export default defineExercise({
  id: 'swin/shifted-window-mask',
  chapter: 'swin',
  title: { en: 'The shifted-window attention mask', zh: '移位窗口的注意力掩码' },
  statement: {
    en: `Every other Swin block rolls the feature map by \`shift\` pixels up and to the left
(a cyclic shift) before cutting it into windows, so that windows straddle the borders of the
previous block's windows. The pixels rolled round from the bottom and the right land next to
pixels they were never neighbours of, so attention inside a window must not mix them.

Implement \`shiftedWindowMask(H, W, windowSize, shiftSize)\`, which returns
\`[nW, ws², ws²]\` (nW = H/ws · W/ws windows, row-major): entry (w, i, j) is 1 when tokens i
and j of window w came from the same region, and 0 otherwise.

The regions: along each axis of size S, the shifted map has three bands,
$$[0,\\ S - ws),\\quad [S - ws,\\ S - shift),\\quad [S - shift,\\ S)$$
and a pixel's region is the pair (band of its row, band of its column): up to 9 regions.
Cut the labelled H × W map into windows exactly as \`windowPartition\` does; inside a window,
tokens are numbered row-major. With \`shiftSize = 0\` nothing is blocked: the mask is all ones.
(This is the official Swin \`attn_mask\`, with 1 for its 0 and 0 for its −100.)

Example: H = W = 4, ws = 2, shift = 1. The bands along each axis are [0, 2), [2, 3), [3, 4),
so the region labels (3 · row band + column band) are

$$\\begin{bmatrix}0&0&1&2\\\\0&0&1&2\\\\3&3&4&5\\\\6&6&7&8\\end{bmatrix}$$

Window 0 is all region 0 (a 4 × 4 mask of ones); window 2 (bottom left) holds labels
3, 3, 6, 6, so its mask is

$$\\begin{bmatrix}1&1&0&0\\\\1&1&0&0\\\\0&0&1&1\\\\0&0&1&1\\end{bmatrix}$$`,
    zh: `Swin 中每隔一个 block，会先把特征图向上、向左循环平移 \`shift\` 个像素（cyclic shift），
再切成窗口，这样窗口就跨过了上一个 block 的窗口边界。从底部和右侧绕回来的像素，
会和原本并不相邻的像素落在同一个窗口里，所以窗口内的注意力不能把它们混在一起。

实现 \`shiftedWindowMask(H, W, windowSize, shiftSize)\`，返回 \`[nW, ws², ws²]\`
（共 nW = H/ws · W/ws 个窗口，行优先排列）：当窗口 w 中的第 i 个和第 j 个 token 来自同一区域时，
(w, i, j) 处为 1，否则为 0。

区域的划分：平移后的特征图在每个长度为 S 的轴上分成三段
$$[0,\\ S - ws),\\quad [S - ws,\\ S - shift),\\quad [S - shift,\\ S)$$
一个像素所属的区域由（所在行的段，所在列的段）共同决定，最多 9 个区域。
把标好区域的 H × W 图按 \`windowPartition\` 的方式切成窗口；窗口内的 token 按行优先编号。
\`shiftSize = 0\` 时没有任何位置被屏蔽，掩码全为 1。
（这就是官方 Swin 代码中的 \`attn_mask\`，只是把其中的 0 换成 1、−100 换成 0。）

例：H = W = 4，ws = 2，shift = 1。每个轴上的三段是 [0, 2)、[2, 3)、[3, 4)，
区域编号（3 · 行段 + 列段）为

$$\\begin{bmatrix}0&0&1&2\\\\0&0&1&2\\\\3&3&4&5\\\\6&6&7&8\\end{bmatrix}$$

窗口 0 全部属于区域 0（4 × 4 的全 1 掩码）；窗口 2（左下）里的编号是 3, 3, 6, 6，掩码为

$$\\begin{bmatrix}1&1&0&0\\\\1&1&0&0\\\\0&0&1&1\\\\0&0&1&1\\end{bmatrix}$$`,
  },
  signatures: {
    shiftedWindowMask:
      'function shiftedWindowMask(H: number, W: number, windowSize: number, ' +
      'shiftSize: number): tf.Tensor',
  },
  reference: { shiftedWindowMask },
  cases: () => [
    maskCase(8, 8, 4, 2, '2 × 2 个窗口', '2 × 2 windows'),
    maskCase(8, 12, 4, 2, '宽图', 'a wide map'),
    maskCase(12, 8, 4, 1, '高图，shift 不等于 ws/2', 'a tall map, shift other than ws/2'),
    maskCase(6, 4, 2, 1, '小窗口', 'small windows'),
    maskCase(8, 8, 4, 0, '不平移：全为 1', 'no shift: all ones'),
    maskCase(14, 14, 7, 3, 'Swin-T 的窗口大小', "Swin-T's window size"),
  ],
  integrations: [{ arch: 'swin', parts: { shiftedWindowMask: 'shiftedWindowMask' } }],
  visual: {
    kind: 'mask',
    case: () => ({
      name: { en: '8 × 8, ws 4, shift 2', zh: '8 × 8，ws 4，shift 2' },
      fn: 'shiftedWindowMask',
      args: [8, 8, 4, 2],
    }),
  },
  mistakes: [
    {
      id: 'additive-mask',
      title: { en: 'An additive mask (0 and −100)', zh: '返回了加性掩码（0 和 −100）' },
      hint: {
        en:
          'The official code builds 0 / −100 to add to the scores; this exercise asks for the ' +
          'mask itself: 1 where two tokens share a region, 0 where they do not.',
        zh:
          '官方代码生成的是加到注意力分数上的 0 / −100；本题要的是掩码本身：' +
          '两个 token 属于同一区域时为 1，否则为 0。',
      },
    },
    {
      id: 'bands-from-start',
      title: { en: 'The bands counted from the wrong end', zh: '分段的位置从错误的一端数起' },
      hint: {
        en:
          'The roll moves pixels up and to the left, so the pixels that wrapped round sit at ' +
          'the end of each axis: the bands are [0, S − ws), [S − ws, S − shift), [S − shift, S), ' +
          'not [0, shift), [shift, ws), [ws, S).',
        zh:
          '循环平移把像素往上、往左移，绕回来的像素位于每个轴的末尾：三段应是 [0, S − ws)、' +
          '[S − ws, S − shift)、[S − shift, S)，而不是 [0, shift)、[shift, ws)、[ws, S)。',
      },
    },
    {
      id: 'inverted',
      title: { en: 'The mask is inverted', zh: '掩码取反了' },
      hint: {
        en:
          'A 1 means "may attend": put 1 where the two tokens came from the same region (the ' +
          'diagonal is always 1), 0 where they came from different ones.',
        zh: '1 表示“可以关注”：两个 token 来自同一区域时为 1（对角线总是 1），来自不同区域时为 0。',
      },
    },
    {
      id: 'regions-per-window',
      title: { en: 'Every window split into regions', zh: '把每个窗口都切分成了区域' },
      hint: {
        en:
          'Only the windows of the last row and the last column hold pixels that wrapped ' +
          'round. Label the regions over the whole H × W map, with bands measured from the ' +
          "map's edges, then cut the labels into windows; the other windows come out all ones.",
        zh:
          '只有最后一行和最后一列的窗口里才有绕回来的像素。应在整张 H × W 图上标注区域，' +
          '分段以整张图的边界为准，再把标注切成窗口；其余窗口的掩码全为 1。',
      },
    },
  ],
  hints: [
    {
      en:
        'Build the H × W map of region labels first, with plain loops: label = 3 · band(row) + ' +
        'band(col), where band(i) is 0, 1 or 2 according to the three intervals.',
      zh:
        '先用普通循环构造 H × W 的区域编号图：编号 = 3 · band(行) + band(列)，' +
        'band(i) 按三个区间取 0、1 或 2。',
    },
    {
      en:
        'Cut the label map into windows like windowPartition: reshape [H/ws, ws, W/ws, ws], ' +
        'transpose [0, 2, 1, 3], reshape to [nW, ws²].',
      zh:
        '像 windowPartition 一样把编号图切成窗口：reshape 成 [H/ws, ws, W/ws, ws]，' +
        '按 [0, 2, 1, 3] 转置，再 reshape 成 [nW, ws²]。',
    },
    {
      en:
        'Compare every pair of tokens by broadcasting: tf.equal(labels.expandDims(2), ' +
        "labels.expandDims(1)) is [nW, ws², ws²]; cast it to 'float32'.",
      zh:
        '用广播比较每一对 token：tf.equal(labels.expandDims(2), labels.expandDims(1)) 的形状是 ' +
        "[nW, ws², ws²]；再 cast 成 'float32'。",
    },
  ],
});
