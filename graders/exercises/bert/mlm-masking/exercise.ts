import * as tf from '@tensorflow/tfjs-core';
import { mlmLabels, mlmMasking } from '../../../reference/mlm-masking.ts';
import type { Rng } from '../../../grading/random.ts';
import type { ValueCase } from '../../../grading/types.ts';
import { defineExercise } from '../../define.ts';

// The cases' vocabulary: [PAD] 0, [CLS] 1, [SEP] 2, [MASK] 3 unless a case says otherwise,
// ordinary tokens from 4 up.
const PAD = 0;
const CLS = 1;
const SEP = 2;
const FIRST_WORD = 4;

/**
 * Draws in [0, 1) kept clear of the thresholds (0.15, 0.8, 0.9), so that no rounding to
 * float32 can move a token from one branch to another.
 */
const draw = {
  chosen: (rng: Rng) => 0.14 * rng.next(),
  notChosen: (rng: Rng) => 0.16 + 0.84 * rng.next(),
  mask: (rng: Rng) => 0.79 * rng.next(),
  random: (rng: Rng) => 0.81 + 0.08 * rng.next(),
  keep: (rng: Rng) => 0.91 + 0.09 * rng.next(),
};

function replaceDraw(rng: Rng): number {
  const branch = rng.next();
  if (branch < 0.6) return draw.mask(rng);
  return branch < 0.8 ? draw.random(rng) : draw.keep(rng);
}

/** A word id in [FIRST_WORD, V) other than the [MASK] id and `not`. */
function wordId(rng: Rng, V: number, maskTokenId: number, not = -1): number {
  for (;;) {
    const id = rng.int(FIRST_WORD, V);
    if (id !== maskTokenId && id !== not) return id;
  }
}

interface MlmInputs {
  inputIds: tf.Tensor;
  specialMask: tf.Tensor;
  uniform: tf.Tensor;
  randomTokens: tf.Tensor;
}

/**
 * Sentence pairs `[CLS] a… [SEP] b… [SEP] [PAD]…` (row 0 unpadded), with draws that choose
 * about 40% of the words so that a short sequence sees every branch. Three words are forced
 * into the [MASK], random and keep branches, and row 0's [CLS] always has a first draw below
 * 0.15 and a second in the [MASK] branch, so that choosing a special token shows.
 */
function mlmInputs(rng: Rng, B: number, T: number, V: number, maskTokenId: number): MlmInputs {
  const ids = new Int32Array(B * T);
  const special = new Float32Array(B * T);
  const uniform = new Float32Array(B * T * 2);
  const random = new Int32Array(B * T);
  const words: number[] = [];
  for (let b = 0; b < B; b++) {
    const length = b === 0 ? T : rng.int(Math.ceil(T / 2), T + 1);
    const sep = rng.int(2, length - 1); // the [SEP] between the two sentences
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      const token =
        t === 0 ? CLS : t === sep || t === length - 1 ? SEP : t >= length ? PAD : undefined;
      ids[i] = token ?? wordId(rng, V, maskTokenId);
      special[i] = token === undefined ? 0 : 1;
      if (token === undefined) words.push(i);
      const chooses = rng.next() < (token === undefined ? 0.4 : 0.7);
      uniform[2 * i] = chooses ? draw.chosen(rng) : draw.notChosen(rng);
      uniform[2 * i + 1] = replaceDraw(rng);
      random[i] = wordId(rng, V, maskTokenId, ids[i]);
    }
  }
  uniform[0] = draw.chosen(rng);
  uniform[1] = draw.mask(rng);
  for (const branch of [draw.mask, draw.random, draw.keep]) {
    const [i] = words.splice(rng.int(0, words.length), 1);
    uniform[2 * i!] = draw.chosen(rng);
    uniform[2 * i! + 1] = branch(rng);
  }
  return {
    inputIds: tf.tensor(ids, [B, T], 'int32'),
    specialMask: tf.tensor(special, [B, T], 'float32'),
    uniform: tf.tensor(uniform, [B, T, 2], 'float32'),
    randomTokens: tf.tensor(random, [B, T], 'int32'),
  };
}

function maskingCase(rng: Rng, B: number, T: number, V = 30, maskTokenId = 3): ValueCase {
  const x = mlmInputs(rng, B, T, V, maskTokenId);
  return {
    name: {
      en: `masked ids: B ${B}, T ${T}, [MASK] = ${maskTokenId}`,
      zh: `遮盖后的输入：B ${B}，T ${T}，[MASK] = ${maskTokenId}`,
    },
    fn: 'mlmMasking',
    args: [x.inputIds, x.specialMask, x.uniform, x.randomTokens, maskTokenId],
    kind: 'int',
  };
}

function labelsCase(rng: Rng, B: number, T: number): ValueCase {
  const x = mlmInputs(rng, B, T, 30, 3);
  x.randomTokens.dispose();
  return {
    name: { en: `labels: B ${B}, T ${T}`, zh: `标签：B ${B}，T ${T}` },
    fn: 'mlmLabels',
    args: [x.inputIds, x.specialMask, x.uniform],
    kind: 'int',
  };
}

export default defineExercise({
  id: 'bert/mlm-masking',
  chapter: 'bert',
  title: { en: 'Masking for the masked language model', zh: '掩码语言模型的遮盖' },
  statement: {
    en: `BERT is pre-trained to recover tokens hidden from it. Implement the two halves of its
masking, with the randomness passed in so that the result is deterministic.

**Which tokens are predicted.** A token is *chosen* when its first draw is below 0.15 and it
is not a special token (\`[CLS]\`, \`[SEP]\`, \`[PAD]\`, marked 1 in \`specialMask\`).

**What the model sees** (\`mlmMasking\`). A chosen token is replaced according to its second
draw \`u\`:

$$\\text{input}' = \\begin{cases} \\texttt{maskTokenId} & u < 0.8 \\\\
\\texttt{randomTokens} & 0.8 \\le u < 0.9 \\\\ \\text{the token itself} & u \\ge 0.9
\\end{cases}$$

Tokens that are not chosen stay as they are. Mixing in random and unchanged tokens means the
model cannot rely on \`[MASK]\`, which never appears when it is fine-tuned.

**What the model must predict** (\`mlmLabels\`): the original id where a token was chosen,
and \`−100\` everywhere else (PyTorch's cross-entropy ignores that label).

- \`inputIds\`: \`[B, T]\` int32; \`specialMask\`: \`[B, T]\` float32 (1 = special);
  \`uniform\`: \`[B, T, 2]\` float32 in \`[0, 1)\`, the first draw in \`[..., 0]\` and the
  second in \`[..., 1]\`; \`randomTokens\`: \`[B, T]\` int32; \`maskTokenId\`: a number.
- Both return \`[B, T]\` **int32**.

Example: \`maskTokenId = 3\`, \`inputIds = [[1, 7, 8, 9, 10, 2]]\` (\`[CLS] … [SEP]\`),
\`specialMask = [[1, 0, 0, 0, 0, 1]]\`, \`randomTokens = [[5, 6, 11, 15, 12, 4]]\`, and draws
\`(0.05, 0.3)\`, \`(0.10, 0.5)\`, \`(0.60, 0.2)\`, \`(0.12, 0.85)\`, \`(0.03, 0.93)\`,
\`(0.02, 0.95)\`. Position 0 and 5 are special; position 2 is not chosen; 1 becomes \`[MASK]\`,
3 the random token 15, and 4 stays 10. So \`mlmMasking\` gives \`[[1, 3, 8, 15, 10, 2]]\` and
\`mlmLabels\` gives \`[[−100, 7, −100, 9, 10, −100]]\`.`,
    zh: `BERT 的预训练任务是还原被遮住的词元。请实现遮盖过程的两个部分；随机数由参数传入，
因此结果是确定的。

**哪些词元要预测。** 当一个词元的第一个随机数小于 0.15、且它不是特殊词元（\`[CLS]\`、
\`[SEP]\`、\`[PAD]\`，在 \`specialMask\` 中为 1）时，它被*选中*。

**模型看到什么**（\`mlmMasking\`）。被选中的词元按第二个随机数 \`u\` 替换：

$$\\text{input}' = \\begin{cases} \\texttt{maskTokenId} & u < 0.8 \\\\
\\texttt{randomTokens} & 0.8 \\le u < 0.9 \\\\ \\text{保持原词元} & u \\ge 0.9
\\end{cases}$$

未被选中的词元保持不变。混入随机词元和不变的词元，是为了让模型不能只依赖 \`[MASK]\`——
微调时输入里根本没有 \`[MASK]\`。

**模型要预测什么**（\`mlmLabels\`）：被选中的位置为原来的 id，其余位置为 \`−100\`
（PyTorch 的交叉熵会忽略这个标签）。

- \`inputIds\`：\`[B, T]\` int32；\`specialMask\`：\`[B, T]\` float32（1 表示特殊词元）；
  \`uniform\`：\`[B, T, 2]\` float32，取值在 \`[0, 1)\`，第一个随机数在 \`[..., 0]\`，
  第二个在 \`[..., 1]\`；\`randomTokens\`：\`[B, T]\` int32；\`maskTokenId\`：一个数。
- 两个函数都返回 \`[B, T]\`，类型为 **int32**。

例：\`maskTokenId = 3\`，\`inputIds = [[1, 7, 8, 9, 10, 2]]\`（\`[CLS] … [SEP]\`），
\`specialMask = [[1, 0, 0, 0, 0, 1]]\`，\`randomTokens = [[5, 6, 11, 15, 12, 4]]\`，各位置的
随机数为 \`(0.05, 0.3)\`、\`(0.10, 0.5)\`、\`(0.60, 0.2)\`、\`(0.12, 0.85)\`、\`(0.03, 0.93)\`、
\`(0.02, 0.95)\`。位置 0 和 5 是特殊词元；位置 2 没有被选中；位置 1 变成 \`[MASK]\`，位置 3
变成随机词元 15，位置 4 保持 10。所以 \`mlmMasking\` 得到 \`[[1, 3, 8, 15, 10, 2]]\`，
\`mlmLabels\` 得到 \`[[−100, 7, −100, 9, 10, −100]]\`。`,
  },
  signatures: {
    mlmMasking:
      'function mlmMasking(inputIds: tf.Tensor, specialMask: tf.Tensor, uniform: tf.Tensor, ' +
      'randomTokens: tf.Tensor, maskTokenId: number): tf.Tensor',
    mlmLabels:
      'function mlmLabels(inputIds: tf.Tensor, specialMask: tf.Tensor, uniform: tf.Tensor): ' +
      'tf.Tensor',
  },
  reference: { mlmMasking, mlmLabels },
  cases: (rng) => [
    maskingCase(rng, 2, 8),
    maskingCase(rng, 1, 12),
    maskingCase(rng, 3, 6),
    maskingCase(rng, 4, 10),
    maskingCase(rng, 2, 16, 120, 103),
    labelsCase(rng, 2, 8),
    labelsCase(rng, 3, 6),
    labelsCase(rng, 1, 12),
    labelsCase(rng, 4, 10),
  ],
  mistakes: [
    {
      id: 'special-tokens-chosen',
      title: { en: 'Special tokens can be chosen', zh: '特殊词元也被选中了' },
      hint: {
        en:
          '[CLS], [SEP] and [PAD] are never predicted: a token is chosen only where ' +
          'specialMask is 0.',
        zh: '[CLS]、[SEP] 和 [PAD] 永远不参与预测：只有 specialMask 为 0 的位置才可能被选中。',
      },
    },
    {
      id: 'all-chosen-masked',
      title: { en: 'Every chosen token becomes [MASK]', zh: '所有被选中的词元都换成了 [MASK]' },
      hint: {
        en:
          'Only 80% become [MASK]: a second draw in [0.8, 0.9) takes the random token, and ' +
          'one of 0.9 or more leaves the token as it is.',
        zh:
          '只有 80% 换成 [MASK]：第二个随机数在 [0.8, 0.9) 时换成随机词元，不小于 0.9 时' +
          '保持原词元不变。',
      },
    },
    {
      id: 'labels-everywhere',
      title: { en: 'Labels on every token', zh: '每个位置都有标签' },
      hint: {
        en:
          'Only the chosen tokens are predicted: put −100 wherever a token was not chosen, so ' +
          'that the loss ignores it.',
        zh: '只预测被选中的词元：未被选中的位置要填 −100，损失函数会忽略它们。',
      },
    },
    {
      id: 'thresholds-reversed',
      title: { en: 'Chose the 85% instead of the 15%', zh: '选中了 85% 而不是 15%' },
      hint: {
        en:
          'A token is chosen when its first draw is below 0.15 (uniform[..., 0] < 0.15), ' +
          'which happens for 15% of the tokens.',
        zh: '第一个随机数小于 0.15（uniform[..., 0] < 0.15）时才选中，这样只有 15% 的词元被选中。',
      },
    },
    {
      id: 'random-keep-swapped',
      title: { en: 'Random and unchanged branches swapped', zh: '随机替换与保持不变两支弄反了' },
      hint: {
        en: 'A second draw in [0.8, 0.9) takes randomTokens; from 0.9 up, the token stays.',
        zh: '第二个随机数在 [0.8, 0.9) 时取 randomTokens；不小于 0.9 时保持原词元。',
      },
    },
  ],
  hints: [
    {
      en:
        'tf.unstack(uniform, 2) gives the two draws as [B, T] tensors. Chosen: ' +
        'first.less(0.15).logicalAnd(specialMask.equal(0)).',
      zh:
        'tf.unstack(uniform, 2) 得到两个 [B, T] 的随机数张量。选中条件：' +
        'first.less(0.15).logicalAnd(specialMask.equal(0))。',
    },
    {
      en:
        'Build the result with tf.where(condition, a, b), one branch at a time: start from ' +
        'inputIds, put randomTokens where chosen and 0.8 ≤ u < 0.9, then [MASK] where chosen ' +
        'and u < 0.8.',
      zh:
        '用 tf.where(condition, a, b) 一支一支地构造结果：从 inputIds 开始，在“选中且 ' +
        '0.8 ≤ u < 0.9”处放 randomTokens，再在“选中且 u < 0.8”处放 [MASK]。',
    },
    {
      en:
        "Keep everything int32: tf.fill(inputIds.shape, maskTokenId, 'int32') for the [MASK] " +
        "ids and tf.fill(inputIds.shape, -100, 'int32') for the ignored labels.",
      zh:
        "全程保持 int32：[MASK] 用 tf.fill(inputIds.shape, maskTokenId, 'int32')，" +
        "被忽略的标签用 tf.fill(inputIds.shape, -100, 'int32')。",
    },
  ],
});
