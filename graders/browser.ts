// The graders' browser entry: references, models and checkpoint reading, with the backends
// a page can use. Imports no Node built-in (tests/browser-bundle.test.ts checks).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';

export * as reference from './reference/index.ts';
export * as models from './models/index.ts';
export * from './checkpoint/safetensors.ts';
export { runCase } from './reference/calls.ts';
export { tf };

/** The backends a page tries, fastest first. */
export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BrowserBackend = (typeof BROWSER_BACKENDS)[number];

/**
 * Selects the first backend that initialises, in the order of `BROWSER_BACKENDS`, and says
 * which one it chose and why the faster ones were passed over.
 */
export async function pickBackend(
  order: readonly BrowserBackend[] = BROWSER_BACKENDS,
): Promise<{ backend: BrowserBackend; skipped: { backend: BrowserBackend; reason: string }[] }> {
  const skipped: { backend: BrowserBackend; reason: string }[] = [];
  for (const backend of order) {
    try {
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return { backend, skipped };
      }
      skipped.push({ backend, reason: 'setBackend returned false' });
    } catch (error) {
      skipped.push({ backend, reason: (error as Error).message });
    }
  }
  throw new Error(`no TensorFlow.js backend initialised: ${JSON.stringify(skipped)}`);
}
