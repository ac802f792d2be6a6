import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES } from '../../graders/exercises/index.ts';
import { readExerciseSource } from '../../graders/node/exercise-files.ts';
import { gradeInSandbox } from '../../graders/node/sandbox/grade.ts';
import { Sandbox } from '../../graders/node/sandbox/isolate.ts';
import { useBackend } from '../../graders/node/tf-node.ts';

// The catalogue graded the way the server grades: in the sandbox, from source.

const sandbox = new Sandbox();

beforeAll(() => useBackend('cpu'));
afterAll(() => sandbox.discard());

describe.each(EXERCISES.map((e) => [e.id, e] as const))('%s in the sandbox', (id, exercise) => {
  it('passes the reference solution', async () => {
    const verdict = await gradeInSandbox(
      sandbox,
      exercise,
      await readExerciseSource(id, 'solution'),
      7,
    );

    expect(verdict.error).toBeNull();
    expect(verdict.checks.filter((c) => !c.passed)).toEqual([]);
    expect(verdict.passed).toBe(true);
    expect(verdict.seed).toBe(7);
  });

  it('fails the starter code without a grading error', async () => {
    const verdict = await gradeInSandbox(
      sandbox,
      exercise,
      await readExerciseSource(id, 'starter'),
      7,
    );

    expect(verdict.error).toBeNull();
    expect(verdict.passed).toBe(false);
    expect(verdict.score).toBeLessThan(1);
  });

  it('names every catalogued mistake', async () => {
    const named: Record<string, string | undefined> = {};
    for (const mistake of exercise.mistakes) {
      const source = await readExerciseSource(id, `mistakes/${mistake.id}`);
      const verdict = await gradeInSandbox(sandbox, exercise, source, 11);
      named[mistake.id] = verdict.passed ? 'passed!' : verdict.diagnosis?.mistake;
    }

    expect(named).toEqual(Object.fromEntries(exercise.mistakes.map((m) => [m.id, m.id])));
  });
});
