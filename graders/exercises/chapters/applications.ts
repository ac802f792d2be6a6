import type { Exercise } from '../../grading/types.ts';

/** The applications chapter's exercises, in the course's order. */
export default [] satisfies Exercise[];
