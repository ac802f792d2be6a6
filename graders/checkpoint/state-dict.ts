import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { sameShape } from '../reference/shapes.ts';
import { toFloat32, toInt32 } from './safetensors.ts';
import type { RawTensor, SafetensorsFile } from './safetensors.ts';

/** A checkpoint that does not fit the model's config; the message names the tensor. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/**
 * A PyTorch `state_dict` read from safetensors, taken tensor by tensor by a model loader.
 * Every take checks the shape the config implies; `finish` then reports any tensor that the
 * model did not use, so a checkpoint of another config cannot load silently.
 */
export class StateDict {
  readonly #tensors: Map<string, RawTensor>;
  readonly #used = new Set<string>();

  constructor(file: SafetensorsFile, stripPrefix?: string) {
    this.#tensors = new Map();
    for (const [name, raw] of file.tensors) {
      const key =
        stripPrefix && name.startsWith(stripPrefix) ? name.slice(stripPrefix.length) : name;
      this.#tensors.set(key, raw);
    }
  }

  has(name: string): boolean {
    return this.#tensors.has(name);
  }

  /** A float32 tensor of exactly `shape`; F16, BF16 and F64 are converted. */
  take(name: string, shape: readonly number[]): Tensor {
    const raw = this.#raw(name, shape);
    return tf.tensor(toFloat32(raw), [...shape], 'float32');
  }

  /** Like `take`, or undefined when the checkpoint lacks the tensor. */
  takeOptional(name: string, shape: readonly number[]): Tensor | undefined {
    return this.has(name) ? this.take(name, shape) : undefined;
  }

  /** A PyTorch `nn.Linear` weight `[out, in]`, returned in the course's layout `[in, out]`. */
  takeLinear(name: string, inDim: number, outDim: number): Tensor {
    const weight = this.take(name, [outDim, inDim]);
    const w = tf.transpose(weight); // (in, out)
    weight.dispose();
    return w;
  }

  /** A tensor that is derived data (a buffer): its shape is checked, its values unused. */
  skipBuffer(name: string, shape: readonly number[]): void {
    if (this.has(name)) this.#raw(name, shape);
  }

  /** An int32 copy of an integer tensor, checked for shape. */
  takeInt(name: string, shape: readonly number[]): Int32Array {
    return toInt32(this.#raw(name, shape));
  }

  /** Throws, naming them, when the checkpoint holds tensors that the model did not take. */
  finish(model: string): void {
    const unused = [...this.#tensors.keys()].filter((name) => !this.#used.has(name));
    if (unused.length === 0) return;
    const shown = unused
      .slice(0, 5)
      .map((n) => `"${n}"`)
      .join(', ');
    const more = unused.length > 5 ? ` and ${unused.length - 5} more` : '';
    throw new CheckpointError(
      `checkpoint has tensors that a ${model} of this config does ` +
        `not have: ${shown}${more}. Check the config (number of layers, bias, sizes).`,
    );
  }

  #raw(name: string, shape: readonly number[]): RawTensor {
    const raw = this.#tensors.get(name);
    if (!raw) {
      throw new CheckpointError(
        `checkpoint is missing tensor "${name}" ` + `(expected shape [${shape}])`,
      );
    }
    if (!sameShape(raw.shape, shape)) {
      throw new CheckpointError(
        `checkpoint tensor "${name}": expected shape [${shape}], ` + `found [${raw.shape}]`,
      );
    }
    this.#used.add(name);
    return raw;
  }
}
