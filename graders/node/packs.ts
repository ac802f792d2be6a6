import * as tf from '@tensorflow/tfjs-core';
import { toOutput } from '../grading/compare.ts';
import { computedExpectations, disposeCases } from '../grading/expectations.ts';
import { createRng } from '../grading/random.ts';
import { GRADER_VERSION, runMistakes } from '../grading/grade.ts';
import { packArg, packOutput, toBase64 } from '../grading/pack.ts';
import type { Pack, PackedRecord } from '../grading/pack.ts';
import { serializeArg } from '../grading/serialize.ts';
import type { Exercise } from '../grading/types.ts';
import { mistakeLoader } from './exercise-files.ts';

/** The fixed seed of the packs a page ships: the browser's verdict is feedback, not a grade. */
export const PACK_SEED = 20261203;

/**
 * Computes an exercise's pack with the references and the catalogued mistakes (trusted
 * code, at build time): what a browser needs to grade without the reference.
 */
export async function buildPack(exercise: Exercise, seed = PACK_SEED): Promise<Pack> {
  const expectations = computedExpectations(exercise, seed);
  try {
    // one at a time: engine scopes must not interleave
    const cases: Pack['cases'] = [];
    for (const [i, c] of expectations.cases.entries()) {
      cases.push({
        name: c.name,
        fn: c.fn,
        args: c.args.map((a) => packArg(serializeArg(a))),
        expected: packOutput(await expectations.expected(i)),
        ...(c.kind ? { kind: c.kind } : {}),
        ...(c.tolerance ? { tolerance: c.tolerance } : {}),
      });
    }
    const integrations: Pack['integrations'] = [];
    for (let i = 0; i < exercise.integrations.length; i++) {
      const { model, expected } = await expectations.integration(i);
      const weights = toBase64(model.weights);
      const packed = { ...model, weights, inputs: toBase64(model.inputs) };
      integrations.push({ model: packed, expected: packOutput(expected) });
    }
    const records = runMistakes(expectations.cases, mistakeLoader(exercise.id));
    const mistakes: Record<string, PackedRecord[]> = {};
    for (const m of exercise.mistakes) {
      mistakes[m.id] = [];
      for (let i = 0; i < expectations.cases.length; i++) {
        const record = await records(m.id, i);
        mistakes[m.id]!.push('error' in record ? record : { output: packOutput(record.output) });
      }
    }
    const visual = exercise.visual ? await packVisual(exercise, seed) : undefined;
    return {
      ...(visual ? { visual } : {}),
      exercise: exercise.id,
      graderVersion: GRADER_VERSION,
      seed,
      cases,
      integrations,
      mistakes,
    };
  } finally {
    expectations.dispose();
  }
}

async function packVisual(exercise: Exercise, seed: number): Promise<Pack['visual']> {
  const visual = exercise.visual!;
  const c = visual.case(createRng(seed));
  const fn = exercise.reference[c.fn] as (...args: unknown[]) => tf.Tensor | Promise<tf.Tensor>;
  const engine = tf.engine();
  engine.startScope();
  try {
    const expected = packOutput(await toOutput(await fn(...c.args)));
    const args = c.args.map((a) => packArg(serializeArg(a)));
    return { kind: visual.kind, case: { name: c.name, fn: c.fn, args, expected } };
  } finally {
    engine.endScope();
    disposeCases([c]);
  }
}
