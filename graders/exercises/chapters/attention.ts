import type { Exercise } from '../../grading/types.ts';

/** The attention chapter's exercises, in the course's order. */
export default [] satisfies Exercise[];
