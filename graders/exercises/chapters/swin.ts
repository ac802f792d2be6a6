import type { Exercise } from '../../grading/types.ts';
import patchMerging from '../swin/patch-merging/exercise.ts';
import shiftedWindowMask from '../swin/shifted-window-mask/exercise.ts';
import windowAttention from '../swin/window-attention/exercise.ts';
import windowPartition from '../swin/window-partition/exercise.ts';

/** The swin chapter's exercises, in the course's order. */
export default [
  windowPartition,
  shiftedWindowMask,
  windowAttention,
  patchMerging,
] satisfies Exercise[];
