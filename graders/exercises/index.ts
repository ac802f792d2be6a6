import type { Exercise } from '../grading/types.ts';
import applications from './chapters/applications.ts';
import attention from './chapters/attention.ts';
import bert from './chapters/bert.ts';
import gpt from './chapters/gpt.ts';
import swin from './chapters/swin.ts';
import transformer from './chapters/transformer.ts';

/** Every exercise, in the course's order. */
export const EXERCISES: readonly Exercise[] = [
  ...attention,
  ...transformer,
  ...gpt,
  ...bert,
  ...swin,
  ...applications,
];

const BY_ID = new Map(EXERCISES.map((e) => [e.id, e]));

/** The exercise with this id, or undefined. */
export function findExercise(id: string): Exercise | undefined {
  return BY_ID.get(id);
}
