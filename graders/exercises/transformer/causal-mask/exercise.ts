import { causalMask } from '../../../reference/index.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';

/** One value case: the causal mask of `size` positions. */
function maskCase(size: number): ValueCase {
  return {
    name: { en: `values: size ${size}`, zh: `数值：长度 ${size}` },
    fn: 'causalMask',
    args: [size],
    kind: 'mask',
  };
}

export default defineExercise({
  id: 'transformer/causal-mask',
  chapter: 'transformer',
  title: { en: 'Causal mask', zh: '因果掩码' },
  statement: {
    en: `A decoder predicts the next token, so position i may only look at positions 0, …, i:
itself and the past. Implement \`causalMask(size)\`, the mask that says so.

$$M_{ij} = \\begin{cases} 1 & j \\le i \\\\ 0 & j > i \\end{cases}$$

- Returns \`[size, size]\`: row i is the query at position i, column j the key at position j;
  1 = may attend, 0 = blocked. Return float32 (bool or int32 0/1 are accepted too).
- The diagonal is 1: every position sees itself.

Example: \`causalMask(3)\` is

\`\`\`
[[1, 0, 0],
 [1, 1, 0],
 [1, 1, 1]]
\`\`\``,
    zh: `解码器要预测下一个词，所以位置 i 只能看位置 0, …, i，也就是它自己和它之前的位置。
实现 \`causalMask(size)\`，返回对应的掩码。

$$M_{ij} = \\begin{cases} 1 & j \\le i \\\\ 0 & j > i \\end{cases}$$

- 返回 \`[size, size]\`：第 i 行对应位置 i 上的查询，第 j 列对应位置 j 上的键；1 表示可以关注，
  0 表示屏蔽。返回 float32（bool 或 int32 的 0/1 也可以）。
- 对角线为 1：每个位置都能看到自己。

例：\`causalMask(3)\` 为

\`\`\`
[[1, 0, 0],
 [1, 1, 0],
 [1, 1, 1]]
\`\`\``,
  },
  signatures: { causalMask: 'function causalMask(size: number): tf.Tensor' },
  reference: { causalMask },
  cases: () => [1, 2, 5, 8, 13].map(maskCase),
  integrations: [{ arch: 'gpt', parts: { causalMask: 'causalMask' } }],
  visual: {
    kind: 'mask',
    case: () => ({ name: { en: 'mask of 8', zh: '长度 8 的掩码' }, fn: 'causalMask', args: [8] }),
  },
  mistakes: [
    {
      id: 'diagonal-blocked',
      title: { en: 'The diagonal is blocked', zh: '对角线被屏蔽了' },
      hint: {
        en: 'Keep j ≤ i, not j < i: a position may attend to itself (and row 0 has nothing else).',
        zh: '应保留 j ≤ i，而不是 j < i：每个位置都可以关注自己（第 0 行除了自己别无可看）。',
      },
    },
    {
      id: 'upper-triangle',
      title: { en: 'Upper triangle instead of lower', zh: '用了上三角而不是下三角' },
      hint: {
        en: 'Row i is the query: it sees the columns j ≤ i, on and below the diagonal.',
        zh: '第 i 行是查询，它能看到的是 j ≤ i 的列，即对角线及其下方。',
      },
    },
    {
      id: 'all-ones',
      title: { en: 'Nothing masked', zh: '什么都没屏蔽' },
      hint: {
        en: 'The entries above the diagonal (the future, j > i) must be 0.',
        zh: '对角线上方（未来的位置，j > i）必须为 0。',
      },
    },
    {
      id: 'inverted',
      title: { en: 'Mask inverted', zh: '掩码取反了' },
      hint: {
        en: 'In this course 1 means "may attend": 1 on and below the diagonal, 0 above it.',
        zh: '本课程约定 1 表示“可以关注”：对角线及其下方为 1，上方为 0。',
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
        'holds j; comparing them broadcasts to [size, size].',
      zh:
        'tf.range(0, size).reshape([size, 1]) 是 i，tf.range(0, size).reshape([1, size]) 是 j；' +
        '两者比较会广播成 [size, size]。',
    },
    {
      en:
        "i.greaterEqual(j).cast('float32'); or the lower triangle of ones, " +
        'tf.linalg.bandPart(tf.ones([size, size]), -1, 0).',
      zh:
        "i.greaterEqual(j).cast('float32')；或者取全 1 矩阵的下三角：" +
        'tf.linalg.bandPart(tf.ones([size, size]), -1, 0)。',
    },
  ],
});
