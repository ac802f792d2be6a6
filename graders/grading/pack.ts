import * as tf from '@tensorflow/tfjs-core';
import type { RandomModel } from '../models/random-init.ts';
import type { CaseRecord } from './checks.ts';
import type { MistakeRecords } from './diagnose.ts';
import type { Expectations } from './expectations.ts';
import { deserializeArg } from './serialize.ts';
import type { SerializedArg } from './serialize.ts';
import type { Output, OutputKind, Text, ValueCase, VisualKind } from './types.ts';

// A pack holds what a browser needs to grade an exercise without its reference: fixed cases
// with their expected outputs, the integration models with the reference models' outputs,
// and what each catalogued mistake gives on each case. Plain JSON; numbers as base64.

export interface PackedOutput {
  shape: number[];
  dtype: Output['dtype'];
  values: string;
}

export type PackedArg =
  | { kind: 'tensor'; shape: number[]; dtype: 'float32' | 'int32'; data: string }
  | { kind: 'number'; value: number }
  | { kind: 'undefined' }
  | { kind: 'object'; entries: [string, PackedArg][] };

export interface PackCase {
  name: Text;
  fn: string;
  args: PackedArg[];
  expected: PackedOutput;
  kind?: OutputKind;
  tolerance?: number;
}

export type PackedRecord = { output: PackedOutput } | { error: string };

export interface Pack {
  exercise: string;
  graderVersion: string;
  seed: number;
  cases: PackCase[];
  integrations: {
    model: {
      arch: RandomModel['arch'];
      config: Record<string, unknown>;
      weights: string;
      inputs: string;
    };
    expected: PackedOutput;
  }[];
  mistakes: Record<string, PackedRecord[]>;
  /** A picture to draw after a run: the call, and the reference's output for it. */
  visual?: { kind: VisualKind; case: PackCase };
}

/** Base64 of the bytes of a typed array. */
export function toBase64(data: Float32Array | Int32Array | Uint8Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** The bytes of base64 text. */
export function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

const floats = (text: string) => new Float32Array(fromBase64(text).buffer);

export function packOutput(out: Output): PackedOutput {
  return { shape: out.shape, dtype: out.dtype, values: toBase64(out.values) };
}

export function unpackOutput(out: PackedOutput): Output {
  return { shape: out.shape, dtype: out.dtype, values: floats(out.values) };
}

export function packArg(arg: SerializedArg): PackedArg {
  switch (arg.kind) {
    case 'tensor':
      return { kind: 'tensor', shape: arg.shape, dtype: arg.dtype, data: toBase64(arg.data) };
    case 'object':
      return { kind: 'object', entries: arg.entries.map(([n, v]) => [n, packArg(v)]) };
    default:
      return arg;
  }
}

function unpackArg(arg: PackedArg): SerializedArg {
  switch (arg.kind) {
    case 'tensor': {
      const bytes = fromBase64(arg.data);
      const data =
        arg.dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
      return { kind: 'tensor', shape: arg.shape, dtype: arg.dtype, data };
    }
    case 'object':
      return { kind: 'object', entries: arg.entries.map(([n, v]) => [n, unpackArg(v)]) };
    default:
      return arg;
  }
}

/** A packed case as a value case (tensors made by this side's TensorFlow.js). */
export function unpackCase(c: PackCase): ValueCase {
  return {
    name: c.name,
    fn: c.fn,
    args: c.args.map((a) => deserializeArg(unpackArg(a))),
    ...(c.kind ? { kind: c.kind } : {}),
    ...(c.tolerance ? { tolerance: c.tolerance } : {}),
  };
}

/** The pack's cases and outputs as expectations for `gradeAgainst`. */
export function packExpectations(pack: Pack): Expectations {
  const cases: ValueCase[] = pack.cases.map(unpackCase);
  return {
    seed: pack.seed,
    cases,
    expected: async (index) => unpackOutput(pack.cases[index]!.expected),
    integration: async (index) => {
      const { model, expected } = pack.integrations[index]!;
      return {
        model: { ...model, weights: fromBase64(model.weights), inputs: fromBase64(model.inputs) },
        expected: unpackOutput(expected),
      };
    },
    dispose: () => tf.dispose(cases.flatMap((c) => c.args.flatMap(tensorsOf))),
  };
}

/** What each catalogued mistake gave on each of the pack's cases. */
export function packMistakes(pack: Pack): MistakeRecords {
  return async (id, index): Promise<CaseRecord> => {
    const record = pack.mistakes[id]?.[index];
    if (!record) return { error: `the pack has no record of mistake ${id}` };
    return 'error' in record ? record : { output: unpackOutput(record.output) };
  };
}

export function tensorsOf(arg: unknown): tf.Tensor[] {
  if (arg instanceof tf.Tensor) return [arg];
  if (arg && typeof arg === 'object') return Object.values(arg).flatMap(tensorsOf);
  return [];
}
