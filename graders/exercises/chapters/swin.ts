import type { Exercise } from '../../grading/types.ts';

/** The swin chapter's exercises, in the course's order. */
export default [] satisfies Exercise[];
