import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs-core';
import { loadBert, loadGpt, loadSwin } from '../../graders/models/index.ts';
import type { ModelParts } from '../../graders/models/index.ts';
import { PartOutputError } from '../../graders/reference/seam.ts';
import { tf, useBackend } from '../../graders/node/tf-node.ts';
import { toFloat32, toInt32 } from '../../graders/checkpoint/safetensors.ts';
import {
  NUMPY_FIXTURES,
  PYTORCH_FIXTURES,
  readJson,
  readSafetensorsFile,
  worstError,
} from '../helpers/fixtures.ts';

// Parts written the way a learner might: async, step by step, a hand-made softmax, boolean
// masks. Each must reproduce the reference model when plugged into it.

async function learnerAttention(q: Tensor, k: Tensor, v: Tensor, mask?: Tensor) {
  const d = q.shape[q.rank - 1]!;
  let scores = tf.div(
    tf.matMul(
      q,
      tf.transpose(
        k,
        [...k.shape.keys()].map((i, _, a) => (i < a.length - 2 ? i : a.length * 2 - 3 - i)),
      ),
    ),
    Math.sqrt(d),
  );
  if (mask) scores = tf.add(scores, tf.mul(tf.sub(1, mask), -1e9));
  const shifted = tf.sub(scores, tf.max(scores, -1, true));
  const e = tf.exp(shifted);
  return tf.matMul(tf.div(e, tf.sum(e, -1, true)), v);
}

function learnerCausalMask(size: number) {
  const rows = tf.range(0, size).reshape([size, 1]);
  const cols = tf.range(0, size).reshape([1, size]);
  return tf.greaterEqual(rows, cols); // bool
}

function learnerLayerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5) {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

function learnerWindowPartition(x: Tensor, ws: number) {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const windows: Tensor[] = [];
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < H; i += ws) {
      for (let j = 0; j < W; j += ws) windows.push(tf.slice(x, [b, i, j, 0], [1, ws, ws, C]));
    }
  }
  return tf.concat(windows, 0);
}

const wrong = {
  maskAfterSoftmax: async (q: Tensor, k: Tensor, v: Tensor, mask?: Tensor) => {
    const w = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(q.shape[q.rank - 1]!)));
    return tf.matMul(mask ? tf.mul(w, mask) : w, v);
  },
  upperTriangle: (size: number) => tf.linalg.bandPart(tf.ones([size, size]), 0, -1),
  unbiasedLayerNorm: (x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5) => {
    const C = x.shape[x.rank - 1]!;
    const { mean, variance } = tf.moments(x, -1, true);
    const unbiased = tf.mul(variance, C / (C - 1));
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(unbiased, eps))), gamma), beta);
  },
};

function loadCase(dir: string) {
  return {
    config: readJson(join(dir, 'config.json')),
    weights: readSafetensorsFile(join(dir, 'weights.safetensors')),
    inputs: readSafetensorsFile(join(dir, 'inputs.safetensors')),
    expected: toFloat32(
      [...readSafetensorsFile(join(dir, 'outputs.safetensors')).tensors.values()][0]!,
    ),
  };
}

function ids(file: ReturnType<typeof loadCase>['inputs'], name: string): Tensor {
  const raw = file.tensors.get(name)!;
  return tf.tensor(toInt32(raw), raw.shape, 'int32');
}

async function gptLogits(dir: string, parts: Partial<ModelParts>): Promise<number> {
  const c = loadCase(dir);
  const model = loadGpt(c.config, c.weights);
  const tokens = ids(c.inputs, 'tokens');
  const y = await model.forward(tokens, parts);
  const err = worstError(await y.data(), c.expected);
  tf.dispose([y, tokens]);
  model.dispose();
  return err;
}

async function bertHidden(dir: string, parts: Partial<ModelParts>): Promise<number> {
  const c = loadCase(dir);
  const model = loadBert(c.config, c.weights);
  const inputs = {
    inputIds: ids(c.inputs, 'input_ids'),
    tokenTypeIds: ids(c.inputs, 'token_type_ids'),
    attentionMask: ids(c.inputs, 'attention_mask'),
  };
  const y = await model.forward(inputs, parts);
  const err = worstError(await y.data(), c.expected);
  tf.dispose([y, ...Object.values(inputs)]);
  model.dispose();
  return err;
}

async function swinLogits(dir: string, parts: Partial<ModelParts>): Promise<number> {
  const c = loadCase(dir);
  const model = loadSwin(c.config, c.weights);
  const raw = c.inputs.tensors.get('pixel_values')!;
  const pixels = tf.tensor(toFloat32(raw), raw.shape);
  const y = await model.forward(pixels, parts);
  const err = worstError(await y.data(), c.expected);
  tf.dispose([y, pixels]);
  model.dispose();
  return err;
}

const gptDir = join(NUMPY_FIXTURES, 'gpt.deep-nobias');
const bertDir = join(NUMPY_FIXTURES, 'bert.3layer-padded');
const swinDir = join(NUMPY_FIXTURES, 'swin.3stage-ape');

beforeAll(() => useBackend('cpu'));

describe("a learner's parts plugged into the reference models", () => {
  it('reproduce GPT with attention, a boolean causal mask and LayerNorm written another way', async () => {
    const before = tf.memory().numTensors;

    const err = await gptLogits(gptDir, {
      scaledDotProductAttention: learnerAttention,
      causalMask: learnerCausalMask,
      layerNorm: learnerLayerNorm,
    });

    expect(err).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("reproduce PyTorch's GPT too", async () => {
    const err = await gptLogits(join(PYTORCH_FIXTURES, 'model.gpt'), {
      scaledDotProductAttention: learnerAttention,
      causalMask: learnerCausalMask,
    });

    expect(err).toBeLessThan(1e-4);
  });

  it("reproduce BERT, the learner's LayerNorm reaching the embeddings too", async () => {
    const err = await bertHidden(bertDir, {
      scaledDotProductAttention: learnerAttention,
      layerNorm: learnerLayerNorm,
    });

    expect(err).toBeLessThan(1e-4);
  });

  it('reproduce Swin with a loop-based window partition', async () => {
    const before = tf.memory().numTensors;

    const err = await swinLogits(swinDir, {
      windowPartition: learnerWindowPartition,
      layerNorm: learnerLayerNorm,
    });

    expect(err).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a wrong part plugged into a reference model', () => {
  it('moves GPT off the reference when the mask is applied after softmax', async () => {
    expect(
      await gptLogits(gptDir, { scaledDotProductAttention: wrong.maskAfterSoftmax }),
    ).toBeGreaterThan(1e-2);
  });

  it('moves GPT off the reference when the causal mask is the upper triangle', async () => {
    expect(await gptLogits(gptDir, { causalMask: wrong.upperTriangle })).toBeGreaterThan(1e-2);
  });

  it('moves BERT off the reference with an unbiased variance in LayerNorm', async () => {
    expect(await bertHidden(bertDir, { layerNorm: wrong.unbiasedLayerNorm })).toBeGreaterThan(1e-3);
  });

  it('names the part and the shapes when it returns the wrong shape', async () => {
    const transposed = (x: Tensor, ws: number) =>
      tf.transpose(learnerWindowPartition(x, ws), [0, 2, 1, 3]).reshape([-1, ws * ws, x.shape[3]!]);

    await expect(swinLogits(swinDir, { windowPartition: transposed })).rejects.toThrow(
      /windowPartition: expected shape \[\d+, 4, 4, 8\], got \[\d+,16,8\]/,
    );
  });

  it('rejects an object that only looks like a tensor', async () => {
    const fake = () => ({ shape: [4, 4], dtype: 'float32', dataSync: () => new Float32Array(16) });

    const run = gptLogits(gptDir, { causalMask: fake as unknown as ModelParts['causalMask'] });

    await expect(run).rejects.toThrow(PartOutputError);
    await expect(run).rejects.toThrow(/causalMask: expected a tf.Tensor, got an object/);
  });

  it("frees the forward pass's tensors when a part throws", async () => {
    const c = loadCase(gptDir);
    const model = loadGpt(c.config, c.weights);
    const tokens = ids(c.inputs, 'tokens');
    const before = tf.memory().numTensors;
    const failing = () => {
      throw new Error('learner bug');
    };

    await expect(model.forward(tokens, { layerNorm: failing })).rejects.toThrow('learner bug');

    expect(tf.memory().numTensors).toBe(before);
    tokens.dispose();
    model.dispose();
  });
});
