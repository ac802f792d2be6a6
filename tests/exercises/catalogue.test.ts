import { beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES } from '../../graders/exercises/index.ts';
import { gradeWithRunner } from '../../graders/grading/grade.ts';
import { inProcessRunner } from '../../graders/grading/in-process.ts';
import { importExerciseModule, mistakeLoader } from '../../graders/node/exercise-files.ts';
import { tf, useBackend } from '../../graders/node/tf-node.ts';

// The catalogue graded in this process (trusted code); tests/sandbox grades it in the sandbox.

async function grade(id: string, name: string, seed = 1234) {
  const exercise = EXERCISES.find((e) => e.id === id)!;
  const runner = inProcessRunner(await importExerciseModule(id, name));
  return gradeWithRunner(exercise, runner, { seed, loadMistake: mistakeLoader(id) });
}

beforeAll(() => useBackend('cpu'));

describe.each(EXERCISES.map((e) => [e.id, e] as const))('%s', (id, exercise) => {
  it('passes its own reference solution, on two seeds, without leaking tensors', async () => {
    const before = tf.memory().numTensors;

    const first = await grade(id, 'solution', 1);
    const second = await grade(id, 'solution', 2);

    expect(first.checks.filter((c) => !c.passed)).toEqual([]);
    expect(second.checks.filter((c) => !c.passed)).toEqual([]);
    expect(first.score).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails its starter code', async () => {
    const verdict = await grade(id, 'starter');

    expect(verdict.passed).toBe(false);
  });

  it('has statements, hints and mistakes in both languages', () => {
    for (const text of [exercise.title, exercise.statement, ...exercise.hints]) {
      expect(text.en.length).toBeGreaterThan(0);
      expect(text.zh.length).toBeGreaterThan(0);
    }
    expect(exercise.mistakes.length).toBeGreaterThanOrEqual(2);
  });

  it.each(exercise.mistakes.map((m) => m.id))(
    'fails mistake "%s" and names it',
    async (mistake) => {
      const verdict = await grade(id, `mistakes/${mistake}`);

      expect(verdict.passed).toBe(false);
      expect(verdict.diagnosis?.mistake).toBe(mistake);
    },
  );
});
