// The code that runs inside a sandbox isolate with a submission: TensorFlow.js (core, cpu
// backend, chained ops) and a harness that loads the submission, calls its functions on
// arguments copied in, and copies their results out as numbers. No reference is here: the
// host computes expected values, runs the models (calling the learner's functions for their
// parts) and makes the verdict; nothing here is trusted by it.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-backend-cpu';
import { callExport } from '../grading/in-process.ts';
import { FORBIDDEN, evaluateSubmission, exportedFunctions } from '../grading/load-submission.ts';
import { deserializeArg } from '../grading/serialize.ts';
import type { SerializedArg } from '../grading/serialize.ts';
import type { Output } from '../grading/types.ts';
import { decodeUtf8, encodeUtf8, installTextCodecs } from './utf8.ts';

export interface HarnessLimits {
  logBytes: number;
}

/**
 * What a harness method answers. A submission's own failure is an answer (`ok: false`),
 * never an exception: only the isolate itself (time, memory) can make a call throw, so a
 * submission cannot pick its verdict's error by the message of what it throws.
 */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Harness {
  ready(): Promise<void>;
  /** Evaluates the submission (CommonJS after transpiling); answers its exported functions. */
  load(code: string): Answer<string[]>;
  call(name: string, args: SerializedArg[]): Promise<Answer<Output>>;
  logs(): { lines: string[]; overflow: boolean };
  /** The first thing outside the sandbox the submission reached for, if any. */
  forbidden(): string | null;
}

/** Records the first forbidden access; the error the submission sees says what it was. */
function createGuard() {
  let first: string | null = null;
  return {
    deny(what: string): Error {
      first ??= what;
      return new Error(`${FORBIDDEN} ${what}`);
    },
    first: () => first,
  };
}

function installPlatform(guard: ReturnType<typeof createGuard>): void {
  tf.env().set('PROD', true);
  tf.setPlatform('sandbox', {
    fetch: () => Promise.reject(guard.deny('the network is not available')),
    now: () => Date.now(),
    encode: (text) => encodeUtf8(text),
    decode: (bytes) => decodeUtf8(bytes),
    isTypedArray: (a): a is Float32Array | Int32Array | Uint8Array | Uint8ClampedArray =>
      a instanceof Float32Array ||
      a instanceof Int32Array ||
      a instanceof Uint8Array ||
      a instanceof Uint8ClampedArray,
  });
}

function createConsole(limits: HarnessLimits) {
  const lines: string[] = [];
  let bytes = 0;
  let overflow = false;
  const write = (...values: unknown[]) => {
    if (overflow) return;
    const line = values.map((v) => (typeof v === 'string' ? v : safeString(v))).join(' ');
    bytes += encodeUtf8(line).length + 1; // its UTF-8 bytes and a line break
    if (bytes > limits.logBytes) overflow = true;
    else lines.push(line);
  };
  const console = { log: write, info: write, warn: write, error: write, debug: write };
  return { console, logs: () => ({ lines: [...lines], overflow }) };
}

function safeString(value: unknown): string {
  try {
    return value instanceof tf.Tensor ? `Tensor [${value.shape}] ${value.dtype}` : String(value);
  } catch {
    return '[unprintable]';
  }
}

/** Builds the harness; the host keeps it and removes every global way to reach it. */
export function createHarness(limits: HarnessLimits): Harness {
  const global = globalThis as unknown as Record<string, unknown>;
  const guard = createGuard();
  installTextCodecs(global);
  installPlatform(guard);
  const output = createConsole(limits);
  global['console'] = output.console;
  let exports: Record<string, unknown> = {};
  const importable = { '@tensorflow/tfjs': tf, '@tensorflow/tfjs-core': tf };
  return {
    async ready() {
      await tf.setBackend('cpu');
      await tf.ready();
    },
    load(code) {
      try {
        exports = evaluateSubmission(code, importable, (name) =>
          guard.deny(`only @tensorflow/tfjs can be imported, not "${name}"`),
        );
        return { ok: true, value: exportedFunctions(exports) };
      } catch (error) {
        return { ok: false, error: describe(error) };
      }
    },
    async call(name, args) {
      const tensors = args.map(deserializeArg);
      try {
        return { ok: true, value: await callExport(exports, name, tensors) };
      } catch (error) {
        return { ok: false, error: describe(error) };
      } finally {
        tf.dispose(
          tensors.flatMap((a) =>
            a instanceof tf.Tensor ? [a] : a && typeof a === 'object' ? Object.values(a) : [],
          ),
        );
      }
    },
    logs: output.logs,
    forbidden: guard.first,
  };
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'an error that cannot be printed';
  }
}

// The host takes the runtime from this global once, then deletes it (a property, not a
// `var`, so that it can be deleted).
Object.defineProperty(globalThis, '__attentionLabRuntime', {
  value: { createHarness },
  configurable: true,
});
