import { beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES } from '../../graders/exercises/index.ts';
import { gradeAgainst } from '../../graders/grading/grade.ts';
import { inProcessRunner } from '../../graders/grading/in-process.ts';
import { packExpectations, packMistakes } from '../../graders/grading/pack.ts';
import type { Pack } from '../../graders/grading/pack.ts';
import type { Exercise } from '../../graders/grading/types.ts';
import { importExerciseModule } from '../../graders/node/exercise-files.ts';
import { buildPack } from '../../graders/node/packs.ts';
import { tf, useBackend } from '../../graders/node/tf-node.ts';

// What a browser does: grade from a pack (fixed cases, precomputed outputs), no reference.

async function gradeFromPack(exercise: Exercise, pack: Pack, submission: string) {
  const runner = inProcessRunner(await importExerciseModule(exercise.id, submission));
  const expectations = packExpectations(pack);
  try {
    // only the spec goes in: the reference and the case generator stay out
    const { reference: _reference, cases: _cases, ...spec } = exercise;
    return await gradeAgainst(spec, runner, expectations, packMistakes(pack));
  } finally {
    expectations.dispose();
  }
}

beforeAll(() => useBackend('cpu'));

describe.each(EXERCISES.map((e) => [e.id, e] as const))('the pack of %s', (_id, exercise) => {
  let pack: Pack;

  beforeAll(async () => {
    pack = JSON.parse(JSON.stringify(await buildPack(exercise))) as Pack;
  });

  it('grades the solution as passed, without leaking tensors', async () => {
    const before = tf.memory().numTensors;

    const verdict = await gradeFromPack(exercise, pack, 'solution');

    expect(verdict.checks.filter((c) => !c.passed)).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names every catalogued mistake from its precomputed outputs', async () => {
    for (const mistake of exercise.mistakes) {
      const verdict = await gradeFromPack(exercise, pack, `mistakes/${mistake.id}`);

      expect(verdict.passed, mistake.id).toBe(false);
      expect(verdict.diagnosis?.mistake, mistake.id).toBe(mistake.id);
    }
  });
});
