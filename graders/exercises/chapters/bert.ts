import type { Exercise } from '../../grading/types.ts';
import embeddings from '../bert/embeddings/exercise.ts';
import mlmMasking from '../bert/mlm-masking/exercise.ts';

/** The bert chapter's exercises, in the course's order. */
export default [embeddings, mlmMasking] satisfies Exercise[];
