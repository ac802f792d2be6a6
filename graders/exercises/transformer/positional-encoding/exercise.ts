import { sinusoidalPositionalEncoding } from '../../../reference/index.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';

/** One value case: the encoding of `length` positions in `dModel` channels. */
function encodingCase(length: number, dModel: number, en = '', zh = ''): ValueCase {
  return {
    name: {
      en: `values: length ${length}, dModel ${dModel}${en}`,
      zh: `数值：长度 ${length}，dModel ${dModel}${zh}`,
    },
    fn: 'positionalEncoding',
    args: [length, dModel],
  };
}

export default defineExercise({
  id: 'transformer/positional-encoding',
  chapter: 'transformer',
  title: { en: 'Sinusoidal positional encoding', zh: '正弦位置编码' },
  statement: {
    en: `Attention does not see the order of the tokens; the original Transformer adds a fixed
encoding of every position to the embeddings. Implement \`positionalEncoding(length, dModel)\`:

$$PE_{(pos,\\,2i)} = \\sin\\left(\\frac{pos}{10000^{2i/d_{model}}}\\right), \\qquad
PE_{(pos,\\,2i+1)} = \\cos\\left(\\frac{pos}{10000^{2i/d_{model}}}\\right)$$

- Returns \`[length, dModel]\` float32: row \`pos\` (0, 1, …, length − 1) encodes that position.
- Columns come in pairs: columns 2i (sine) and 2i + 1 (cosine) share the frequency
  $1 / 10000^{2i/d_{model}}$, which falls from 1 at the first pair to nearly $10^{-4}$ at the
  last. With an odd \`dModel\` the last column is a sine without its cosine.

Example: \`positionalEncoding(2, 4)\` is

\`\`\`
[[0,      1,      0,      1     ],
 [0.8415, 0.5403, 0.0100, 1.0000]]
\`\`\`

(row 1: $\\sin 1$, $\\cos 1$, $\\sin 0.01$, $\\cos 0.01$, since $10000^{2/4} = 100$).`,
    zh: `注意力本身看不到词的先后顺序；原始 Transformer 给每个位置加上一个固定的编码。
实现 \`positionalEncoding(length, dModel)\`：

$$PE_{(pos,\\,2i)} = \\sin\\left(\\frac{pos}{10000^{2i/d_{model}}}\\right), \\qquad
PE_{(pos,\\,2i+1)} = \\cos\\left(\\frac{pos}{10000^{2i/d_{model}}}\\right)$$

- 返回 \`[length, dModel]\` 的 float32 张量：第 \`pos\` 行（0, 1, …, length − 1）是该位置的编码。
- 列两两成对：第 2i 列（正弦）和第 2i + 1 列（余弦）共用频率 $1 / 10000^{2i/d_{model}}$，
  从第一对的 1 逐渐降到最后一对的约 $10^{-4}$。\`dModel\` 为奇数时，
  最后一列只有正弦，没有配对的余弦。

例：\`positionalEncoding(2, 4)\` 为

\`\`\`
[[0,      1,      0,      1     ],
 [0.8415, 0.5403, 0.0100, 1.0000]]
\`\`\`

（第 1 行依次是 $\\sin 1$、$\\cos 1$、$\\sin 0.01$、$\\cos 0.01$，因为 $10000^{2/4} = 100$。）`,
  },
  signatures: {
    positionalEncoding: 'function positionalEncoding(length: number, dModel: number): tf.Tensor',
  },
  reference: { positionalEncoding: sinusoidalPositionalEncoding },
  cases: () => [
    encodingCase(10, 16),
    encodingCase(7, 5, ' (odd dModel)', '（dModel 为奇数）'),
    encodingCase(1, 6, ' (a single position)', '（只有一个位置）'),
    encodingCase(50, 32),
    encodingCase(3, 9, ' (odd dModel)', '（dModel 为奇数）'),
  ],
  mistakes: [
    {
      id: 'sin-cos-swapped',
      title: { en: 'Sine and cosine swapped', zh: '正弦和余弦放反了' },
      hint: {
        en: 'Even columns (0, 2, 4, …) hold the sine, odd columns the cosine.',
        zh: '偶数列（0, 2, 4, …）放正弦，奇数列放余弦。',
      },
    },
    {
      id: 'exponent-per-column',
      title: { en: 'Exponent from the column index', zh: '指数用了列下标' },
      hint: {
        en:
          'Columns 2i and 2i + 1 share one frequency, 1 / 10000^(2i / dModel): for column c ' +
          'the exponent is (c − c mod 2) / dModel, not c / dModel.',
        zh:
          '第 2i 列和第 2i + 1 列共用同一个频率 1 / 10000^(2i / dModel)：第 c 列的指数是 ' +
          '(c − c mod 2) / dModel，而不是 c / dModel。',
      },
    },
    {
      id: 'all-sin',
      title: { en: 'Sine everywhere', zh: '全部用了正弦' },
      hint: {
        en: 'The odd columns 2i + 1 take the cosine of the same angle as column 2i.',
        zh: '奇数列 2i + 1 要取与第 2i 列相同角度的余弦。',
      },
    },
    {
      id: 'pos-i-swapped',
      title: { en: 'Position and frequency index swapped', zh: '位置与频率下标弄反了' },
      hint: {
        en:
          'The position goes in the numerator and the pair index i in the exponent: ' +
          'pos / 10000^(2i / dModel). Rows are positions, columns are channels.',
        zh: '位置在分子上，列对下标 i 在指数里：pos / 10000^(2i / dModel)。行是位置，列是通道。',
      },
    },
  ],
  hints: [
    {
      en:
        'Build the angle of every (position, column) at once, as a [length, dModel] matrix; ' +
        'then take the sine of the even columns and the cosine of the odd ones.',
      zh:
        '一次算出所有（位置, 列）的角度，得到 [length, dModel] 的矩阵；' +
        '再对偶数列取正弦、奇数列取余弦。',
    },
    {
      en:
        'tf.range(0, length).reshape([length, 1]) holds the positions; for a column c, ' +
        '2i = c − c mod 2, so the divisor is tf.pow(10000, pair.div(dModel)).',
      zh:
        'tf.range(0, length).reshape([length, 1]) 是各个位置；对第 c 列，2i = c − c mod 2，' +
        '所以除数是 tf.pow(10000, pair.div(dModel))。',
    },
    {
      en:
        'angle = pos.div(divisor) broadcasts to [length, dModel]; ' +
        'tf.where(col.mod(2).equal(0), angle.sin(), angle.cos()) picks sine or cosine per column.',
      zh:
        'angle = pos.div(divisor) 会广播成 [length, dModel]；' +
        'tf.where(col.mod(2).equal(0), angle.sin(), angle.cos()) 按列选正弦或余弦。',
    },
  ],
});
