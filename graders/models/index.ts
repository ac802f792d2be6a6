import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { toFloat32, toInt32 } from '../checkpoint/safetensors.ts';
import type { RawTensor, SafetensorsFile, TensorToWrite } from '../checkpoint/safetensors.ts';
import { loadBert } from './bert.ts';
import { loadGpt } from './gpt.ts';
import { loadSwin } from './swin.ts';
import type { ModelParts } from './parts.ts';
import { scoped } from '../reference/seam.ts';

export * from './parts.ts';
export * from './config.ts';
export { Gpt, GptConfigSchema, loadGpt } from './gpt.ts';
export type { GptConfig } from './gpt.ts';
export { Bert, BertConfigSchema, loadBert } from './bert.ts';
export type { BertConfig, BertInputs } from './bert.ts';
export { Swin, SwinConfigSchema, loadSwin } from './swin.ts';
export type { SwinConfig } from './swin.ts';

export const ARCHITECTURES = ['gpt', 'bert', 'swin'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** A model's forward over named input tensors, named as in the PyTorch fixtures. */
interface NamedModel {
  output: string;
  forward(inputs: InputReader, parts: Partial<ModelParts>): Promise<Tensor>;
  dispose(): void;
}

/** Thrown for an inputs file that lacks a tensor or holds one of the wrong kind. */
export class InputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputsError';
  }
}

/** Reads named inputs out of a safetensors file, with errors that name the tensor. */
class InputReader {
  readonly #file: SafetensorsFile;

  constructor(file: SafetensorsFile) {
    this.#file = file;
  }

  ids(name: string, required: boolean): Tensor | undefined {
    const raw = this.#get(name, required);
    if (!raw) return undefined;
    if (raw.shape.length !== 2) {
      throw new InputsError(`input "${name}": expected shape [B, T], found [${raw.shape}]`);
    }
    return tf.tensor(toInt32(raw, name), raw.shape, 'int32');
  }

  floats(name: string): Tensor {
    const raw = this.#get(name, true)!;
    return tf.tensor(toFloat32(raw, name), raw.shape, 'float32');
  }

  #get(name: string, required: boolean): RawTensor | undefined {
    const raw = this.#file.tensors.get(name);
    if (!raw && required) {
      const found = [...this.#file.tensors.keys()].join(', ') || 'none';
      throw new InputsError(`inputs file has no tensor "${name}" (found: ${found})`);
    }
    return raw;
  }
}

function loadNamed(arch: Architecture, config: unknown, weights: SafetensorsFile): NamedModel {
  switch (arch) {
    case 'gpt': {
      const model = loadGpt(config, weights);
      return {
        output: 'logits',
        forward: (inputs, parts) => model.forward(inputs.ids('tokens', true)!, parts),
        dispose: () => model.dispose(),
      };
    }
    case 'bert': {
      const model = loadBert(config, weights);
      return {
        output: 'last_hidden_state',
        forward: (inputs, parts) =>
          model.forward(
            {
              inputIds: inputs.ids('input_ids', true)!,
              tokenTypeIds: inputs.ids('token_type_ids', false),
              attentionMask: inputs.ids('attention_mask', false),
            },
            parts,
          ),
        dispose: () => model.dispose(),
      };
    }
    case 'swin': {
      const model = loadSwin(config, weights);
      return {
        output: 'logits',
        forward: (inputs, parts) => model.forward(inputs.floats('pixel_values'), parts),
        dispose: () => model.dispose(),
      };
    }
  }
}

/**
 * Runs a reference model on a PyTorch checkpoint, with the names of
 * ../shared/fixtures/pytorch/README.md: GPT `tokens` -> `logits`; BERT `input_ids`,
 * `token_type_ids`, `attention_mask` -> `last_hidden_state`; Swin `pixel_values` -> `logits`.
 *
 * Returns: the output as a float32 tensor ready to write to safetensors.
 */
export async function runForward(
  arch: Architecture,
  config: unknown,
  weights: SafetensorsFile,
  inputs: SafetensorsFile,
  parts: Partial<ModelParts> = {},
): Promise<Record<string, TensorToWrite>> {
  const model = loadNamed(arch, config, weights);
  const reader = new InputReader(inputs);
  try {
    const out = await scoped(async (): Promise<TensorToWrite> => {
      const y = await model.forward(reader, parts);
      const data = Float32Array.from(await y.data());
      return { dtype: 'F32', shape: [...y.shape], data };
    });
    return { [model.output]: out };
  } finally {
    model.dispose();
  }
}
