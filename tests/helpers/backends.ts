import { NODE_BACKENDS, useBackend } from '../../graders/node/tf-node.ts';

/** Every backend the Node graders support; suites run once per backend. */
export const BACKENDS = NODE_BACKENDS;

export { useBackend };
