import type { GradingErrorKind } from './types.ts';

/**
 * Stops a grading run: a limit was hit, or the sandbox can no longer be trusted to answer.
 * Checks do not catch it; it becomes the verdict's `error`.
 */
export class GradingAbort extends Error {
  readonly kind: GradingErrorKind;

  constructor(kind: GradingErrorKind, message: string) {
    super(message);
    this.name = 'GradingAbort';
    this.kind = kind;
  }
}
