import type { Exercise } from '../../grading/types.ts';
import causalMask from '../transformer/causal-mask/exercise.ts';
import feedForward from '../transformer/feed-forward/exercise.ts';
import layerNorm from '../transformer/layer-norm/exercise.ts';
import positionalEncoding from '../transformer/positional-encoding/exercise.ts';

/** The Transformer chapter's exercises, in the course's order. */
export default [causalMask, positionalEncoding, layerNorm, feedForward] satisfies Exercise[];
