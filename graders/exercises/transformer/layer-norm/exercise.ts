import * as tf from '@tensorflow/tfjs-core';
import { layerNorm } from '../../../reference/index.ts';
import { compareOutputs } from '../../../grading/compare.ts';
import { defineExercise } from '../../define.ts';
import { randn } from '../../inputs.ts';

export default defineExercise({
  id: 'transformer/layer-norm',
  chapter: 'transformer',
  title: { en: 'Layer normalisation', zh: '层归一化（LayerNorm）' },
  statement: {
    en: `Implement \`layerNorm(x, gamma, beta, eps = 1e-5)\`: normalise every vector along the
last axis to mean 0 and variance 1, then scale by \`gamma\` and shift by \`beta\`.

$$\\mathrm{LN}(x) = \\gamma \\odot \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} + \\beta,
\\quad \\mu = \\tfrac{1}{C}\\sum_i x_i,\\ \\sigma^2 = \\tfrac{1}{C}\\sum_i (x_i - \\mu)^2$$

- \`x\`: \`[..., C]\`, any rank; \`gamma\`, \`beta\`: \`[C]\`. Returns \`[..., C]\`.
- The variance is the biased one (divide by C, not C − 1), and \`eps\` goes inside the square
  root.

Example: \`x = [[1, 2, 3]]\`, \`gamma = [1, 1, 1]\`, \`beta = [0, 0, 0]\` gives about
\`[[-1.2247, 0, 1.2247]]\`.`,
    zh: `实现 \`layerNorm(x, gamma, beta, eps = 1e-5)\`：沿最后一维把每个向量归一化为均值 0、方差 1，
再乘以 \`gamma\`、加上 \`beta\`。

$$\\mathrm{LN}(x) = \\gamma \\odot \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} + \\beta,
\\quad \\mu = \\tfrac{1}{C}\\sum_i x_i,\\ \\sigma^2 = \\tfrac{1}{C}\\sum_i (x_i - \\mu)^2$$

- \`x\`：\`[..., C]\`，任意维数；\`gamma\`、\`beta\`：\`[C]\`。返回 \`[..., C]\`。
- 方差用有偏估计（除以 C，而不是 C − 1），\`eps\` 加在平方根里面。

例：\`x = [[1, 2, 3]]\`，\`gamma = [1, 1, 1]\`，\`beta = [0, 0, 0]\`，结果约为
\`[[-1.2247, 0, 1.2247]]\`。`,
  },
  signatures: {
    layerNorm:
      'function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps?: number): tf.Tensor',
  },
  reference: { layerNorm },
  cases: (rng) => [
    {
      name: { en: 'values: [2, 5, 16]', zh: '数值：[2, 5, 16]' },
      fn: 'layerNorm',
      args: [randn(rng, [2, 5, 16], 2, 0.5), randn(rng, [16], 0.5, 1), randn(rng, [16], 0.5)],
    },
    {
      name: { en: 'values: rank 4, [2, 3, 4, 8]', zh: '数值：四维输入 [2, 3, 4, 8]' },
      fn: 'layerNorm',
      args: [randn(rng, [2, 3, 4, 8], 3), randn(rng, [8], 0.5, 1), randn(rng, [8], 0.5)],
    },
    {
      name: { en: 'values: rows of tiny variance', zh: '数值：方差极小的行' },
      fn: 'layerNorm',
      args: [randn(rng, [3, 12], 1e-3, 1), randn(rng, [12], 0.5, 1), randn(rng, [12], 0.5)],
    },
    {
      name: { en: 'values: eps = 0.1', zh: '数值：eps = 0.1' },
      fn: 'layerNorm',
      args: [randn(rng, [4, 6], 0.3), randn(rng, [6], 0.5, 1), randn(rng, [6], 0.5), 0.1],
    },
  ],
  properties: [
    {
      name: {
        en: 'ignores a shift and a scale of its input',
        zh: '输入整体平移、缩放后结果不变',
      },
      async run({ rng, call, tolerance }) {
        const x = randn(rng, [3, 10]);
        const shifted = tf.add(tf.mul(x, 3), 5);
        const ones = tf.ones([10]);
        const zeros = tf.zeros([10]);
        const a = await call('layerNorm', [x, ones, zeros]);
        const b = await call('layerNorm', [shifted, ones, zeros]);
        tf.dispose([x, shifted, ones, zeros]);
        const same = compareOutputs(b, a, 10 * tolerance);
        return {
          passed: same.passed,
          message: same.passed
            ? { en: 'unchanged', zh: '结果不变' }
            : {
                en: `layerNorm(3x + 5) differs from layerNorm(x): ${same.message.en}`,
                zh: `layerNorm(3x + 5) 与 layerNorm(x) 不同：${same.message.zh}`,
              },
        };
      },
    },
  ],
  integrations: [
    { arch: 'gpt', parts: { layerNorm: 'layerNorm' } },
    { arch: 'bert', parts: { layerNorm: 'layerNorm' } },
    { arch: 'swin', parts: { layerNorm: 'layerNorm' } },
  ],
  mistakes: [
    {
      id: 'unbiased-variance',
      title: { en: 'Unbiased variance', zh: '用了无偏方差' },
      hint: {
        en: 'LayerNorm divides the squared deviations by C, not C − 1 (tf.moments does this).',
        zh: 'LayerNorm 的方差除以 C，而不是 C − 1（tf.moments 就是这样算的）。',
      },
    },
    {
      id: 'eps-outside-sqrt',
      title: { en: 'eps outside the square root', zh: 'eps 放在了平方根外面' },
      hint: {
        en: 'Add eps to the variance, then take the square root: sqrt(var + eps).',
        zh: '先把 eps 加到方差上，再开平方：sqrt(var + eps)。',
      },
    },
    {
      id: 'wrong-axis',
      title: { en: 'Normalised over the wrong axis', zh: '归一化的维度不对' },
      hint: {
        en: 'Take the mean and variance over the last axis (-1), with keepDims so they broadcast.',
        zh: '均值和方差要沿最后一维（-1）计算，并设 keepDims 以便广播。',
      },
    },
    {
      id: 'no-affine',
      title: { en: 'gamma and beta not applied', zh: '没有乘 gamma、加 beta' },
      hint: {
        en: 'After normalising, multiply by gamma and add beta.',
        zh: '归一化之后还要乘以 gamma、加上 beta。',
      },
    },
  ],
  hints: [
    {
      en: 'tf.mean(x, -1, true) gives the mean of each row, shaped to broadcast back.',
      zh: 'tf.mean(x, -1, true) 得到每行的均值，形状保留以便广播。',
    },
    {
      en: 'The variance is the mean of (x - mean)²; tf.rsqrt(v) is 1 / sqrt(v).',
      zh: '方差是 (x - mean)² 的均值；tf.rsqrt(v) 就是 1 / sqrt(v)。',
    },
    {
      en: 'Put eps inside: tf.sqrt(tf.add(variance, eps)).',
      zh: 'eps 要放进平方根里：tf.sqrt(tf.add(variance, eps))。',
    },
  ],
});
