import type { Exercise } from '../../grading/types.ts';
import localMask from '../attention/local-mask/exercise.ts';
import multiHead from '../attention/multi-head/exercise.ts';
import scaledDotProduct from '../attention/scaled-dot-product/exercise.ts';

/** The attention chapter's exercises, in the course's order. */
export default [scaledDotProduct, multiHead, localMask] satisfies Exercise[];
