import type { Exercise } from '../../grading/types.ts';
import patchEmbedding from '../vit/patch-embedding/exercise.ts';

/** The applications chapter's exercises, in the course's order. */
export default [patchEmbedding] satisfies Exercise[];
