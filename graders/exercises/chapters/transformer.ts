import type { Exercise } from '../../grading/types.ts';
import layerNorm from '../transformer/layer-norm/exercise.ts';

/** The Transformer chapter's exercises, in the course's order. */
export default [layerNorm] satisfies Exercise[];
