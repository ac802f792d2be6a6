// Node's TensorFlow.js: the same tfjs-core instance the graders import, with the pure-JS cpu
// backend and, on request, the WebAssembly one. tfjs-node is not used: it downloads a native
// library at install time, which this project's machines cannot do.
//
// The union package '@tensorflow/tfjs' is what a submission imports; loading it here also
// adds the chained ops (x.reshape(...)) to tfjs-core's Tensor, which learners' code uses.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

// PROD silences tfjs's advice to install tfjs-node on every first use.
tf.env().set('PROD', true);

/** Selects a backend and waits until it is ready; throws if it cannot start. */
export async function useBackend(name: NodeBackend = 'cpu'): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`TensorFlow.js backend "${name}" failed to initialise`);
  await tf.ready();
}

export { tf };
