import * as tf from '@tensorflow/tfjs-core';
import { toOutput } from './compare.ts';
import type { Arg, Output, SubmissionRunner } from './types.ts';

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

/** "TypeError: x is not a function", from anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs trusted code in this process: a mistake variant, a reference solution in tests. */
export function inProcessRunner(exports: Record<string, unknown>): SubmissionRunner {
  return {
    call: (name, args) => callExport(exports, name, args),
  };
}
