import { disposeCases, runChecks } from './checks.ts';
import { diagnose } from './diagnose.ts';
import type { MistakeLoader } from './diagnose.ts';
import type { Exercise, GradingError, SubmissionRunner, Verdict } from './types.ts';

/**
 * The version of the graders: it moves whenever checks, references or tolerances change in
 * a way that can change a verdict, so that stored verdicts can be regraded.
 */
export const GRADER_VERSION = '1.0.0';

export interface GradeOptions {
  seed: number;
  loadMistake: MistakeLoader;
  tolerance?: number;
}

/**
 * Grades a loaded submission through its runner: the checks, then, when any fails, the
 * diagnosis. Errors that stop grading (limits, a crash of the sandbox) are the caller's.
 */
export async function gradeWithRunner(
  exercise: Exercise,
  runner: SubmissionRunner,
  options: GradeOptions,
): Promise<Pick<Verdict, 'passed' | 'score' | 'checks' | 'diagnosis'>> {
  const run = await runChecks(exercise, runner, options.seed, options.tolerance);
  try {
    const passedCount = run.checks.filter((c) => c.passed).length;
    const passed = passedCount === run.checks.length;
    const diagnosis = passed
      ? null
      : await diagnose(exercise, run.cases, run.records, options.loadMistake);
    return { passed, score: passedCount / run.checks.length, checks: run.checks, diagnosis };
  } finally {
    disposeCases(run.cases);
  }
}

/** The verdict of a submission that could not be graded. */
export function errorVerdict(
  exercise: string,
  error: GradingError,
  seed: number,
  durationMs: number,
  logs: string[] = [],
): Verdict {
  return {
    exercise,
    passed: false,
    score: 0,
    checks: [],
    diagnosis: null,
    error,
    seed,
    graderVersion: GRADER_VERSION,
    durationMs,
    logs,
  };
}
