// The grader worker: runs a learner's code against an exercise's pack on the fastest
// TensorFlow.js backend that starts (WebGPU, then WebGL, WASM, CPU). Feedback only: the
// server's regrade with fresh inputs is what counts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { transform } from 'sucrase';
import { findSpec } from '../../graders/exercises/specs.ts';
import { gradeAgainst } from '../../graders/grading/grade.ts';
import { callExport } from '../../graders/grading/in-process.ts';
import { evaluateSubmission, exportedFunctions } from '../../graders/grading/load-submission.ts';
import {
  packExpectations,
  packMistakes,
  tensorsOf,
  unpackCase,
  unpackOutput,
} from '../../graders/grading/pack.ts';
import type { Pack } from '../../graders/grading/pack.ts';
import type { GradingError, SubmissionRunner } from '../../graders/grading/types.ts';
import type { BrowserVerdict, FromWorker, ToWorker, VisualResult } from './protocol.ts';

const ALL_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];
// a page opened with ?backend=<name> pins one (see grader-client.ts)
const pinned = /^backend=(\w+)$/.exec(self.name)?.[1];
const BACKENDS = pinned && ALL_BACKENDS.includes(pinned) ? [pinned] : ALL_BACKENDS;

// the threaded WASM build fails when bundled: use the plain and SIMD ones
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimd,
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

const post = (message: FromWorker) => self.postMessage(message);

/** Selects the first backend whose setBackend resolves true, saying why others were passed. */
async function pickBackend(): Promise<string> {
  const skipped: { backend: string; reason: string }[] = [];
  for (const backend of BACKENDS) {
    try {
      if (await tf.setBackend(backend)) {
        await tf.ready();
        post({ type: 'ready', backend, skipped });
        return backend;
      }
      skipped.push({ backend, reason: 'setBackend returned false' });
    } catch (error) {
      skipped.push({ backend, reason: (error as Error).message });
    }
  }
  throw new Error(`no TensorFlow.js backend started: ${JSON.stringify(skipped)}`);
}

const backendReady = pickBackend();
const packs = new Map<string, Promise<Pack>>();

function loadPack(id: string): Promise<Pack> {
  if (!packs.has(id)) {
    const pack = fetch(`/packs/${id}.json`).then((r) => {
      if (!r.ok) throw new Error(`the exercise data /packs/${id}.json answered ${r.status}`);
      return r.json() as Promise<Pack>;
    });
    packs.set(id, pack);
  }
  return packs.get(id)!;
}

/** GPU backends compute in float32 with other rounding: a looser tolerance, still < 1%. */
function toleranceFor(backend: string, base: number): number {
  return backend === 'webgpu' || backend === 'webgl' ? base * 10 : base;
}

function stopped(kind: GradingError['kind'], message: string): BrowserVerdict {
  return { passed: false, score: 0, checks: [], diagnosis: null, error: { kind, message } };
}

function compile(code: string): string {
  return transform(code, { transforms: ['typescript', 'imports'], production: true }).code;
}

async function picture(pack: Pack, exports: Record<string, unknown>): Promise<VisualResult | null> {
  if (!pack.visual) return null;
  const c = unpackCase(pack.visual.case);
  const expected = unpackOutput(pack.visual.case.expected);
  try {
    return { kind: pack.visual.kind, expected, got: await callExport(exports, c.fn, c.args) };
  } catch (error) {
    return { kind: pack.visual.kind, expected, got: { error: (error as Error).message } };
  } finally {
    tf.dispose(c.args.flatMap(tensorsOf));
  }
}

async function grade(request: ToWorker): Promise<void> {
  const start = performance.now();
  const backend = await backendReady;
  const spec = findSpec(request.exercise);
  const answer = (verdict: BrowserVerdict, visual: VisualResult | null = null) =>
    post({
      type: 'verdict',
      id: request.id,
      backend,
      verdict,
      visual,
      durationMs: performance.now() - start,
    });
  if (!spec) return answer(stopped('crash', `unknown exercise "${request.exercise}"`));

  post({ type: 'stage', id: request.id, stage: 'loading' });
  const pack = await loadPack(request.exercise);

  post({ type: 'stage', id: request.id, stage: 'compiling' });
  let exports: Record<string, unknown>;
  try {
    exports = evaluateSubmission(compile(request.code), {
      '@tensorflow/tfjs': tf,
      '@tensorflow/tfjs-core': tf,
    });
  } catch (error) {
    const message = (error as Error).message;
    const kind = message.startsWith('forbidden:') ? 'forbidden' : 'compile';
    return answer(stopped(kind, message.replace(/^forbidden: /, '')));
  }
  const names = exportedFunctions(exports);
  const missing = Object.keys(spec.signatures).filter((n) => !names.includes(n));
  if (missing.length > 0) {
    const found = names.length > 0 ? names.join(', ') : 'no functions';
    return answer(stopped('missing-export', `export ${missing.join(', ')} (found: ${found})`));
  }

  post({ type: 'stage', id: request.id, stage: 'checking' });
  const runner: SubmissionRunner = { call: (fn, args) => callExport(exports, fn, args) };
  const expectations = packExpectations(pack);
  try {
    const tolerance = toleranceFor(backend, spec.tolerance);
    const graded = await gradeAgainst(spec, runner, expectations, packMistakes(pack), tolerance);
    answer({ ...graded, error: null }, await picture(pack, exports));
  } finally {
    expectations.dispose();
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  if (event.data.type === 'grade') {
    grade(event.data).catch((error: Error) => {
      post({
        type: 'verdict',
        id: event.data.id,
        backend: tf.getBackend() ?? 'none',
        verdict: stopped('crash', error.message),
        visual: null,
        durationMs: 0,
      });
    });
  }
};
