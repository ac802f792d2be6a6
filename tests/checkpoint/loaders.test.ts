import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  float32ToFloat16Bits,
  parseSafetensors,
  serializeSafetensors,
  toFloat32,
} from '../../graders/checkpoint/safetensors.ts';
import type { SafetensorsFile, TensorToWrite } from '../../graders/checkpoint/safetensors.ts';
import { runForward } from '../../graders/models/index.ts';
import type { Architecture } from '../../graders/models/index.ts';
import { tf } from '../../graders/node/tf-node.ts';
import { useBackend } from '../helpers/backends.ts';
import {
  NUMPY_FIXTURES,
  PYTORCH_FIXTURES,
  expectOutputsMatch,
  readJson,
  readSafetensorsFile,
  worstError,
} from '../helpers/fixtures.ts';

type Edit = (tensors: Map<string, TensorToWrite>) => void;

/** Re-writes a checkpoint with our own writer, after an edit, and parses it back. */
function rewrite(file: SafetensorsFile, edit: Edit = () => {}): SafetensorsFile {
  const tensors = new Map<string, TensorToWrite>();
  for (const [name, raw] of file.tensors) {
    const data = raw.dtype === 'F32' ? toFloat32(raw) : new BigInt64Array(raw.data.slice().buffer);
    tensors.set(name, { dtype: raw.dtype, shape: raw.shape, data });
  }
  edit(tensors);
  return parseSafetensors(serializeSafetensors(tensors));
}

function fixture(dir: string) {
  return {
    config: readJson(join(dir, 'config.json')),
    weights: readSafetensorsFile(join(dir, 'weights.safetensors')),
    inputs: readSafetensorsFile(join(dir, 'inputs.safetensors')),
    outputs: readSafetensorsFile(join(dir, 'outputs.safetensors')),
  };
}

async function forward(arch: Architecture, dir: string, edit?: Edit, config?: object) {
  const f = fixture(dir);
  return runForward(arch, config ?? f.config, rewrite(f.weights, edit), f.inputs);
}

const pytorch = (name: string) => join(PYTORCH_FIXTURES, name);
const numpy = (name: string) => join(NUMPY_FIXTURES, name);

beforeAll(() => useBackend('cpu'));

describe('checkpoints written by our own writer', () => {
  it.each([
    ['gpt', pytorch('model.gpt')],
    ['bert', pytorch('model.bert')],
    ['swin', pytorch('model.swin')],
    ['gpt', numpy('gpt.deep-nobias')],
    ['bert', numpy('bert.3layer-padded')],
    ['swin', numpy('swin.3stage-ape')],
    ['swin', numpy('swin.nonsquare-noqkvbias')],
  ] as const)('round-trip the %s checkpoint in %s', async (arch, dir) => {
    const outputs = await forward(arch, dir);

    expectOutputsMatch(outputs, fixture(dir).outputs);
  });
});

describe('what real checkpoints do', () => {
  it('loads a GPT whose tied head is given only as lm_head.weight', async () => {
    const outputs = await forward('gpt', pytorch('model.gpt'), (t) =>
      t.delete('transformer.wte.weight'),
    );

    expectOutputsMatch(outputs, fixture(pytorch('model.gpt')).outputs);
  });

  it('loads a GPT whose tied head is given only as transformer.wte.weight', async () => {
    const outputs = await forward('gpt', pytorch('model.gpt'), (t) => t.delete('lm_head.weight'));

    expectOutputsMatch(outputs, fixture(pytorch('model.gpt')).outputs);
  });

  it('uses an untied lm_head when both are given and differ', async () => {
    const untied = await forward('gpt', pytorch('model.gpt'), (t) => {
      const head = t.get('lm_head.weight')!;
      t.set('lm_head.weight', { ...head, data: (head.data as Float32Array).map((v) => -v) });
    });

    const expected = toFloat32(fixture(pytorch('model.gpt')).outputs.tensors.get('logits')!);
    const negated = expected.map((v) => -v);
    expect(worstError(untied['logits']!.data as Float32Array, negated)).toBeLessThan(1e-4);
  });

  it('loads a Swin checkpoint without its derived buffers', async () => {
    const outputs = await forward('swin', pytorch('model.swin'), (t) => {
      for (const name of [...t.keys()]) {
        if (name.endsWith('relative_position_index') || name.endsWith('attn_mask')) t.delete(name);
      }
    });

    expectOutputsMatch(outputs, fixture(pytorch('model.swin')).outputs);
  });

  it('loads weights stored as F16, within half precision of the float32 outputs', async () => {
    const outputs = await forward('bert', pytorch('model.bert'), (t) => {
      for (const [name, w] of t) {
        if (w.dtype === 'F32') {
          t.set(name, { ...w, dtype: 'F16', data: float32ToFloat16Bits(w.data as Float32Array) });
        }
      }
    });

    expectOutputsMatch(outputs, fixture(pytorch('model.bert')).outputs, 2e-2);
  });

  it('loads nanoGPT checkpoints saved from a compiled model (_orig_mod. prefix)', async () => {
    const outputs = await forward('gpt', pytorch('model.gpt'), (t) => {
      for (const [name, w] of [...t]) {
        t.delete(name);
        t.set(`_orig_mod.${name}`, w);
      }
    });

    expectOutputsMatch(outputs, fixture(pytorch('model.gpt')).outputs);
  });
});

describe('a checkpoint that does not fit its config', () => {
  it('names the tensor, the expected shape and the found one, and frees what it loaded', async () => {
    const before = tf.memory().numTensors;

    const run = forward('swin', pytorch('model.swin'), (t) => {
      const w = t.get('layers.1.blocks.0.attn.qkv.weight')!;
      t.set('layers.1.blocks.0.attn.qkv.weight', { ...w, shape: [32, 96] });
    });

    await expect(run).rejects.toThrow(
      'checkpoint tensor "layers.1.blocks.0.attn.qkv.weight": expected shape [96,32], found [32,96]',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a missing tensor and the shape it should have', async () => {
    const run = forward('bert', pytorch('model.bert'), (t) => {
      t.delete('encoder.layer.1.output.LayerNorm.bias');
    });

    await expect(run).rejects.toThrow(
      'checkpoint is missing tensor "encoder.layer.1.output.LayerNorm.bias" (expected shape [32])',
    );
  });

  it('refuses a checkpoint with more layers than the config, naming the extra tensors', async () => {
    const config = { ...fixture(pytorch('model.gpt')).config, n_layer: 1 };

    const run = forward('gpt', pytorch('model.gpt'), undefined, config);

    await expect(run).rejects.toThrow(
      /tensors that a nanoGPT GPT of this config does not have: "transformer\.h\.1\./,
    );
  });

  it('refuses a bias-free config for a checkpoint with biases', async () => {
    const config = { ...fixture(pytorch('model.gpt')).config, bias: false };

    const run = forward('gpt', pytorch('model.gpt'), undefined, config);

    await expect(run).rejects.toThrow(/does not have: "transformer\.h\.0\.attn\.c_attn\.bias"/);
  });

  it('names an input id outside the vocabulary', async () => {
    const f = fixture(pytorch('model.gpt'));
    const inputs = parseSafetensors(
      serializeSafetensors({
        tokens: { dtype: 'I64', shape: [1, 2], data: new BigInt64Array([1n, 64n]) },
      }),
    );

    await expect(runForward('gpt', f.config, f.weights, inputs)).rejects.toThrow(
      "embedding: id 64 is outside the table's 64 rows",
    );
  });

  it('names a sequence longer than block_size', async () => {
    const f = fixture(pytorch('model.gpt'));
    const inputs = parseSafetensors(
      serializeSafetensors({
        tokens: { dtype: 'I64', shape: [1, 17], data: new BigInt64Array(17) },
      }),
    );

    await expect(runForward('gpt', f.config, f.weights, inputs)).rejects.toThrow(
      'GPT: expected tokens [B, T] with T <= 16, got [1,17]',
    );
  });
});
