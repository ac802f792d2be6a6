import type { ExerciseSpec } from '../grading/types.ts';
import { EXERCISES, findExercise } from './index.ts';

// What a page's grader needs of the exercises. The worker's bundle holds the model code,
// whose defaults are the references, but it never calls an exercise's own reference: the
// expected outputs come precomputed in the exercise's pack, and the learner's code runs with
// `tf` as its only import, so no reference is reachable from it.

/** The exercise's spec (its task, properties, integrations, mistakes, hints), or undefined. */
export function findSpec(id: string): ExerciseSpec | undefined {
  return findExercise(id);
}

/** Every exercise's id, chapter and title, in the course's order. */
export function exerciseList(): Pick<ExerciseSpec, 'id' | 'chapter' | 'title'>[] {
  return EXERCISES.map(({ id, chapter, title }) => ({ id, chapter, title }));
}
