import { localMask } from '../../../reference/index.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';

/** One value case: the mask of `size` positions with a window of `window` on each side. */
function maskCase(size: number, window: number, en = '', zh = ''): ValueCase {
  return {
    name: {
      en: `values: size ${size}, window ${window}${en}`,
      zh: `数值：长度 ${size}，窗口 ${window}${zh}`,
    },
    fn: 'localMask',
    args: [size, window],
    kind: 'mask',
  };
}

export default defineExercise({
  id: 'attention/local-mask',
  chapter: 'attention',
  title: { en: 'Local attention mask', zh: '局部注意力掩码' },
  statement: {
    en: `Local attention lets every position attend only to its neighbours: those at most
\`window\` positions away, on either side. Implement \`localMask(size, window)\`, the mask that
says so.

$$M_{ij} = \\begin{cases} 1 & |i - j| \\le w \\\\ 0 & \\text{otherwise} \\end{cases}$$

- Returns \`[size, size]\`: row i is the query at position i, column j the key at position j;
  1 = may attend, 0 = blocked. Return float32 (bool or int32 0/1 are accepted too).
- The band has width \`2 · window + 1\`: \`window = 0\` keeps only the diagonal, and a
  window of \`size - 1\` or more keeps everything.

Example: \`localMask(4, 1)\` is

\`\`\`
[[1, 1, 0, 0],
 [1, 1, 1, 0],
 [0, 1, 1, 1],
 [0, 0, 1, 1]]
\`\`\``,
    zh: `局部注意力只让每个位置关注它的邻居：左右两侧距离不超过 \`window\` 的位置。实现
\`localMask(size, window)\`，返回对应的掩码。

$$M_{ij} = \\begin{cases} 1 & |i - j| \\le w \\\\ 0 & \\text{其他} \\end{cases}$$

- 返回 \`[size, size]\`：第 i 行对应位置 i 上的查询，第 j 列对应位置 j 上的键；1 表示可以关注，
  0 表示屏蔽。返回 float32（bool 或 int32 的 0/1 也可以）。
- 这条带的宽度是 \`2 · window + 1\`：\`window = 0\` 只保留对角线；
  \`window\` 不小于 \`size - 1\` 时全为 1。

例：\`localMask(4, 1)\` 为

\`\`\`
[[1, 1, 0, 0],
 [1, 1, 1, 0],
 [0, 1, 1, 1],
 [0, 0, 1, 1]]
\`\`\``,
  },
  signatures: { localMask: 'function localMask(size: number, window: number): tf.Tensor' },
  reference: { localMask: (size: number, window: number) => localMask(size, window) },
  cases: () => [
    maskCase(6, 1),
    maskCase(9, 3),
    maskCase(5, 0, ' (the diagonal only)', '（只有对角线）'),
    maskCase(4, 6, ' (window ≥ size: all ones)', '（窗口 ≥ 长度：全为 1）'),
    maskCase(1, 0),
    maskCase(10, 2),
  ],
  visual: {
    kind: 'mask',
    case: () => ({
      name: { en: 'size 8, window 2', zh: '长度 8，窗口 2' },
      fn: 'localMask',
      args: [8, 2],
    }),
  },
  mistakes: [
    {
      id: 'window-off-by-one',
      title: { en: 'Window one too narrow', zh: '窗口少了一格' },
      hint: {
        en: 'Keep the keys with |i − j| ≤ window, not < window: window 0 still keeps the diagonal.',
        zh: '应保留 |i − j| ≤ window 的键，而不是 < window：window 为 0 时对角线仍要保留。',
      },
    },
    {
      id: 'one-sided',
      title: { en: 'Only the past side of the band', zh: '只保留了带的一侧' },
      hint: {
        en:
          'This mask is not causal: position i also sees the next `window` positions, ' +
          'i < j ≤ i + window.',
        zh: '这个掩码不是因果掩码：位置 i 还能看到后面 window 个位置，即 i < j ≤ i + window。',
      },
    },
    {
      id: 'sum-not-difference',
      title: { en: 'Measured i + j instead of i − j', zh: '用了 i + j 而不是 i − j' },
      hint: {
        en: 'The distance between positions i and j is |i − j|: subtract the indices.',
        zh: '位置 i 与 j 之间的距离是 |i − j|：两个下标要相减。',
      },
    },
    {
      id: 'no-abs',
      title: { en: 'Distance without the absolute value', zh: '距离忘了取绝对值' },
      hint: {
        en:
          'i − j is negative for the keys after i, so i − j ≤ window keeps every later key: ' +
          'compare |i − j|.',
        zh: 'i 之后的键 i − j 为负数，i − j ≤ window 会保留后面所有的键：要比较 |i − j|。',
      },
    },
  ],
  hints: [
    {
      en: 'Compare the row index i with the column index j for every entry of the matrix.',
      zh: '对矩阵的每个元素，比较它的行下标 i 与列下标 j。',
    },
    {
      en:
        'tf.range(0, size).reshape([size, 1]) holds i and tf.range(0, size).reshape([1, size]) ' +
        'holds j; i.sub(j) broadcasts to [size, size].',
      zh:
        'tf.range(0, size).reshape([size, 1]) 是 i，tf.range(0, size).reshape([1, size]) 是 j；' +
        'i.sub(j) 会广播成 [size, size]。',
    },
    {
      en:
        "i.sub(j).abs().lessEqual(window).cast('float32'). (tf.linalg.bandPart also works, " +
        'but it refuses a band wider than the matrix: clamp the window to size − 1.)',
      zh:
        "i.sub(j).abs().lessEqual(window).cast('float32')。（也可以用 tf.linalg.bandPart，" +
        '但它不接受比矩阵还宽的带：要把窗口截到 size − 1。）',
    },
  ],
});
