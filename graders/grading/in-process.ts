import * as tf from '@tensorflow/tfjs-core';
import { parseSafetensors } from '../checkpoint/safetensors.ts';
import { runForward } from '../models/index.ts';
import type { ModelParts } from '../models/index.ts';
import { toOutput } from './compare.ts';
import type { Arg, IntegrationRequest, Output, SubmissionRunner } from './types.ts';

/** A learner's function failed or returned something unusable; the message is for the learner. */
export class SubmissionCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubmissionCallError';
  }
}

/** The exported function, or an error naming what is missing. */
function exported(exports: Record<string, unknown>, name: string): (...args: unknown[]) => unknown {
  const fn = exports[name];
  if (typeof fn !== 'function') {
    throw new SubmissionCallError(`the submission does not export a function "${name}"`);
  }
  return fn as (...args: unknown[]) => unknown;
}

/**
 * Calls an exported function and copies its result out as numbers. Tensors the call makes
 * are freed; its result must be a tensor (or a promise of one).
 */
export async function callExport(
  exports: Record<string, unknown>,
  name: string,
  args: Arg[],
): Promise<Output> {
  const fn = exported(exports, name);
  const engine = tf.engine();
  engine.startScope();
  try {
    const result = await fn(...args);
    if (!(result instanceof tf.Tensor)) {
      const what = result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result;
      throw new SubmissionCallError(`${name} returned ${what}, not a tf.Tensor`);
    }
    return await toOutput(result);
  } catch (error) {
    if (error instanceof SubmissionCallError) throw error;
    throw new SubmissionCallError(`${name} threw ${describeError(error)}`);
  } finally {
    engine.endScope();
  }
}

/** Runs a model with the learner's exports plugged in as the named parts. */
export async function integrateExports(
  exports: Record<string, unknown>,
  request: IntegrationRequest,
): Promise<Output> {
  const parts: Partial<ModelParts> = {};
  for (const [part, name] of Object.entries(request.parts)) {
    (parts as Record<string, unknown>)[part] = exported(exports, name);
  }
  let result;
  try {
    result = await runForward(
      request.arch,
      request.config,
      parseSafetensors(request.weights),
      parseSafetensors(request.inputs),
      parts,
    );
  } catch (error) {
    throw new SubmissionCallError(`the model failed with your code: ${describeError(error)}`);
  }
  const out = Object.values(result)[0]!;
  return { shape: out.shape, dtype: 'float32', values: out.data as Float32Array };
}

/** "TypeError: x is not a function", from anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs trusted code in this process: a mistake variant, a reference solution in tests. */
export function inProcessRunner(exports: Record<string, unknown>): SubmissionRunner {
  return {
    call: (name, args) => callExport(exports, name, args),
    integrate: (request) => integrateExports(exports, request),
  };
}
