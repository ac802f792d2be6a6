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

export interface Harness {
  ready(): Promise<void>;
  /** Evaluates the submission (CommonJS after transpiling); returns its exported functions. */
  load(code: string): string[];
  call(name: string, args: SerializedArg[]): Promise<Output>;
  logs(): { lines: string[]; overflow: boolean };
}

function installPlatform(): void {
  tf.env().set('PROD', true);
  tf.setPlatform('sandbox', {
    fetch: () => Promise.reject(new Error(`${FORBIDDEN} the network is not available`)),
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
    bytes += line.length;
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
  installTextCodecs(global);
  installPlatform();
  const output = createConsole(limits);
  global['console'] = output.console;
  let exports: Record<string, unknown> = {};
  return {
    async ready() {
      await tf.setBackend('cpu');
      await tf.ready();
    },
    load(code) {
      exports = evaluateSubmission(code, { '@tensorflow/tfjs': tf, '@tensorflow/tfjs-core': tf });
      return exportedFunctions(exports);
    },
    async call(name, args) {
      const tensors = args.map(deserializeArg);
      try {
        return await callExport(exports, name, tensors);
      } finally {
        tf.dispose(
          tensors.flatMap((a) =>
            a instanceof tf.Tensor ? [a] : a && typeof a === 'object' ? Object.values(a) : [],
          ),
        );
      }
    },
    logs: output.logs,
  };
}
