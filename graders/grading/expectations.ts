import * as tf from '@tensorflow/tfjs-core';
import { parseSafetensors } from '../checkpoint/safetensors.ts';
import { runForward } from '../models/index.ts';
import type { ModelParts } from '../models/index.ts';
import { randomModel } from '../models/random-init.ts';
import type { RandomModel } from '../models/random-init.ts';
import { toOutput } from './compare.ts';
import { createRng } from './random.ts';
import type { Exercise, Output, ValueCase } from './types.ts';

/**
 * What a submission's outputs are compared with. On a server they are computed from the
 * references with a fresh seed; in a browser they come precomputed in a pack (pack.ts), so
 * that no reference is shipped to the page.
 */
export interface Expectations {
  seed: number;
  cases: ValueCase[];
  expected(index: number): Promise<Output>;
  /** The model of the exercise's integration `index`, and the reference model's output. */
  integration(index: number): Promise<{ model: RandomModel; expected: Output }>;
  /** Frees what the cases hold. */
  dispose(): void;
}

/** Independent random streams for the cases, the properties and the models of one seed. */
export function streamSeed(seed: number, stream: 'cases' | 'properties' | number): number {
  const salt =
    stream === 'cases' ? 0 : stream === 'properties' ? 0x9e3779b9 : 0x85ebca6b * (stream + 1);
  return (seed ^ salt) >>> 0;
}

/** The output of a model's forward pass on a random model, with the given parts. */
export async function modelOutput(
  random: RandomModel,
  parts: Partial<ModelParts> = {},
): Promise<Output> {
  const weights = parseSafetensors(random.weights);
  const inputs = parseSafetensors(random.inputs);
  const result = await runForward(random.arch, random.config, weights, inputs, parts);
  const out = Object.values(result)[0]!;
  return { shape: out.shape, dtype: 'float32', values: out.data as Float32Array };
}

/** Expectations computed here from the exercise's references (trusted code only). */
export function computedExpectations(exercise: Exercise, seed: number): Expectations {
  const cases = exercise.cases(createRng(streamSeed(seed, 'cases')));
  return {
    seed,
    cases,
    async expected(index) {
      const c = cases[index]!;
      const fn = exercise.reference[c.fn];
      if (!fn) throw new Error(`exercise ${exercise.id} has no reference for ${c.fn}`);
      const engine = tf.engine();
      engine.startScope();
      try {
        return await toOutput(await (fn as (...a: unknown[]) => tf.Tensor)(...c.args));
      } finally {
        engine.endScope();
      }
    },
    async integration(index) {
      const integration = exercise.integrations[index]!;
      const model = randomModel(integration.arch, streamSeed(seed, index), integration.config);
      return { model, expected: await modelOutput(model) };
    },
    dispose: () => disposeCases(cases),
  };
}

/** Frees the tensors of drawn cases. */
export function disposeCases(cases: ValueCase[]): void {
  tf.dispose(cases.flatMap((c) => c.args.flatMap(tensorsOf)));
}

function tensorsOf(arg: unknown): tf.Tensor[] {
  if (arg instanceof tf.Tensor) return [arg];
  if (arg && typeof arg === 'object') return Object.values(arg).flatMap(tensorsOf);
  return [];
}
