import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, TensorContainer } from '@tensorflow/tfjs-core';
import type { MaybePromise } from './types.ts';

/**
 * Thrown when a replaceable part (a learner's function plugged into a model) returns something
 * that is not a tensor of the shape the model needs. `part` names the function.
 */
export class PartOutputError extends Error {
  readonly part: string;

  constructor(part: string, message: string) {
    super(`${part}: ${message}`);
    this.name = 'PartOutputError';
    this.part = part;
  }
}

/**
 * Awaits a part's result and checks it: a real tensor of the expected shape (-1 matches any
 * size). Masks may come back as bool or int32; `asFloat` casts them to float32.
 */
export async function partOutput(
  part: string,
  result: MaybePromise<Tensor>,
  expected: readonly number[],
  asFloat = false,
): Promise<Tensor> {
  const out = await result;
  if (!(out instanceof tf.Tensor)) {
    throw new PartOutputError(part, `expected a tf.Tensor, got ${describe(out)}`);
  }
  const fits =
    out.rank === expected.length && expected.every((d, i) => d === -1 || d === out.shape[i]);
  if (!fits) {
    const want = expected.map((d) => (d === -1 ? '*' : String(d))).join(', ');
    throw new PartOutputError(part, `expected shape [${want}], got [${out.shape}]`);
  }
  return asFloat && out.dtype !== 'float32' ? tf.cast(out, 'float32') : out;
}

/**
 * Runs an async computation in its own engine scope: every tensor it makes is disposed at the
 * end except those in its result. The async counterpart of `tf.tidy`; scopes must not
 * interleave, so run one scoped computation at a time per engine.
 */
export async function scoped<T>(fn: () => Promise<T>): Promise<T> {
  const engine = tf.engine();
  engine.startScope();
  try {
    const result = await fn();
    engine.endScope(result as TensorContainer); // keeps the tensors found in the result
    return result;
  } catch (error) {
    engine.endScope();
    throw error;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object that is not a tensor' : typeof value;
}
