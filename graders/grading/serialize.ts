import * as tf from '@tensorflow/tfjs-core';
import type { Arg } from './types.ts';

// Arguments cross into a sandbox or a worker as plain data, and become tensors again there.

export type SerializedArg =
  | { kind: 'tensor'; shape: number[]; dtype: 'float32' | 'int32'; data: Float32Array | Int32Array }
  | { kind: 'number'; value: number }
  | { kind: 'undefined' }
  | { kind: 'object'; entries: [string, SerializedArg][] };

/** Plain data for an argument: tensors become typed arrays with their shape. */
export function serializeArg(arg: Arg): SerializedArg {
  // a function (a model's activation) cannot cross; the learner's function does without it
  if (arg === undefined || typeof arg === 'function') return { kind: 'undefined' };
  if (typeof arg === 'number') return { kind: 'number', value: arg };
  if (arg instanceof tf.Tensor) {
    const dtype = arg.dtype === 'int32' ? 'int32' : 'float32';
    const data =
      dtype === 'int32' ? Int32Array.from(arg.dataSync()) : Float32Array.from(arg.dataSync());
    return { kind: 'tensor', shape: [...arg.shape], dtype, data };
  }
  return {
    kind: 'object',
    entries: Object.entries(arg).map(([name, t]) => [name, serializeArg(t as Arg)]),
  };
}

/** The argument again, with tensors made by the receiving side's TensorFlow.js. */
export function deserializeArg(arg: SerializedArg): Arg {
  switch (arg.kind) {
    case 'undefined':
      return undefined;
    case 'number':
      return arg.value;
    case 'tensor':
      return tf.tensor(arg.data, arg.shape, arg.dtype);
    case 'object':
      return Object.fromEntries(
        arg.entries.map(([name, value]) => [name, deserializeArg(value) as tf.Tensor]),
      );
  }
}
