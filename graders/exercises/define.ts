import type { Exercise } from '../grading/types.ts';

/** The CPU float32 tolerance of the fixtures: |a - e| <= 1e-4 · (1 + |e|). */
export const CPU_TOLERANCE = 1e-4;

/** An exercise with the defaults filled in: no properties, no integrations, CPU tolerance. */
export function defineExercise(
  exercise: Omit<Exercise, 'properties' | 'integrations' | 'tolerance'> &
    Partial<Pick<Exercise, 'properties' | 'integrations' | 'tolerance'>>,
): Exercise {
  return { properties: [], integrations: [], tolerance: CPU_TOLERANCE, ...exercise };
}
