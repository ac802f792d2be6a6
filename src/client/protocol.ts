import type { Output, Verdict, VisualKind } from '../../graders/grading/types.ts';

/** What the page asks the grader worker. */
export type ToWorker = { type: 'grade'; id: number; exercise: string; code: string };

/** A picture of one call: the learner's output (or error) beside the expected one. */
export interface VisualResult {
  kind: VisualKind;
  expected: Output;
  got: Output | { error: string };
}

export type BrowserVerdict = Pick<Verdict, 'passed' | 'score' | 'checks' | 'diagnosis' | 'error'>;

/** What the grader worker answers. */
export type FromWorker =
  | { type: 'ready'; backend: string; skipped: { backend: string; reason: string }[] }
  | { type: 'stage'; id: number; stage: 'loading' | 'compiling' | 'checking' }
  | {
      type: 'verdict';
      id: number;
      backend: string;
      verdict: BrowserVerdict;
      visual: VisualResult | null;
      durationMs: number;
    };
