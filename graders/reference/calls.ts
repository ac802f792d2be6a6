import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { toFloat32 } from '../checkpoint/safetensors.ts';
import type { SafetensorsFile, TensorToWrite } from '../checkpoint/safetensors.ts';
import { causalSelfAttention } from './causal-self-attention.ts';
import { layerNorm } from './layer-norm.ts';
import { causalMask } from './masks.ts';
import { multiHeadAttention } from './multi-head-attention.ts';
import { scaledDotProductAttention } from './scaled-dot-product-attention.ts';
import { scoped } from './seam.ts';
import { shiftedWindowMask } from './shifted-window-mask.ts';
import { windowAttention } from './window-attention.ts';
import { windowPartition, windowReverse } from './window-partition.ts';

type Value = Tensor | number | Record<string, Tensor> | undefined;
type ContractFn = (...args: never[]) => Tensor | Promise<Tensor>;

/** The contract's functions by name, as a case's calls spell them. */
export const CONTRACT_FUNCTIONS: Readonly<Record<string, ContractFn>> = {
  scaledDotProductAttention,
  multiHeadAttention,
  causalMask,
  layerNorm,
  causalSelfAttention,
  windowPartition,
  windowReverse,
  shiftedWindowMask,
  windowAttention,
};

/** A call as a case writes it: `fn(a, b, {w1, w2}, n) -> output`. */
export interface Call {
  fn: string;
  args: (string | string[])[];
  output: string;
}

/** Thrown for a case whose calls cannot be read or run; the message names the call. */
export class CaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseError';
  }
}

const CALL = /^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*->\s*([A-Za-z_]\w*)\s*$/;

/** Parses `fn(a, {b, c}, d) -> out`. */
export function parseCall(text: string): Call {
  const match = CALL.exec(text);
  if (!match) throw new CaseError(`cannot read call "${text}": expected "fn(args) -> output"`);
  const [, fn, body, output] = match as unknown as [string, string, string, string];
  const args: (string | string[])[] = [];
  for (const part of body.match(/\{[^}]*\}|[^,{}]+/g) ?? []) {
    const token = part.trim();
    if (token === '') continue;
    args.push(
      token.startsWith('{')
        ? token
            .slice(1, -1)
            .split(',')
            .map((s) => s.trim())
        : token,
    );
  }
  return { fn, args, output };
}

/**
 * Runs a case's calls with the reference functions: each argument is a tensor of the inputs
 * file, a number from the case (numHeads, eps, H, ...), or `{a, b}` for an object of tensors.
 *
 * Args: the case object (its `calls` array and parameters), the inputs file.
 * Returns: each call's output, float32, under the call's output name.
 */
export async function runCase(
  caseSpec: Record<string, unknown>,
  inputs: SafetensorsFile,
): Promise<Record<string, TensorToWrite>> {
  const calls = caseSpec['calls'];
  if (!Array.isArray(calls) || calls.length === 0) {
    throw new CaseError('case has no "calls" array');
  }
  // a later call may take an earlier call's output, as windowReverse takes the windows
  const values = new Map<string, Named>();
  for (const [name, raw] of inputs.tensors) {
    values.set(name, { shape: raw.shape, data: toFloat32(raw, name) });
  }
  const outputs: Record<string, TensorToWrite> = {};
  for (const text of calls) {
    const call = parseCall(String(text));
    const out = await scoped(async () => {
      const y = await invoke(call, caseSpec, values);
      return {
        dtype: 'F32' as const,
        shape: [...y.shape],
        data: Float32Array.from(await y.data()),
      };
    });
    values.set(call.output, out);
    outputs[call.output] = out;
  }
  return outputs;
}

interface Named {
  shape: number[];
  data: Float32Array;
}

async function invoke(call: Call, spec: Record<string, unknown>, values: Map<string, Named>) {
  const fn = CONTRACT_FUNCTIONS[call.fn];
  if (!fn) {
    const known = Object.keys(CONTRACT_FUNCTIONS).join(', ');
    throw new CaseError(`unknown function "${call.fn}" (known: ${known})`);
  }
  const args = call.args.map((arg) => resolveArg(arg, call, spec, values));
  return fn(...(args as never[]));
}

function resolveArg(
  arg: string | string[],
  call: Call,
  spec: Record<string, unknown>,
  values: Map<string, Named>,
): Value {
  if (Array.isArray(arg)) {
    return Object.fromEntries(arg.map((name) => [name, tensorArg(name, call, values)]));
  }
  if (values.has(arg)) return tensorArg(arg, call, values);
  const param = spec[arg];
  if (typeof param === 'number') return param;
  throw new CaseError(
    `${call.fn} -> ${call.output}: "${arg}" is neither a tensor of the ` +
      `inputs file, an earlier call's output, nor a number in the case`,
  );
}

function tensorArg(name: string, call: Call, values: Map<string, Named>): Tensor {
  const value = values.get(name);
  if (!value) {
    throw new CaseError(`${call.fn} -> ${call.output}: the inputs file has no tensor "${name}"`);
  }
  return tf.tensor(value.data, value.shape, 'float32');
}
