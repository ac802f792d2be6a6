import { runChecks } from './checks.ts';
import type { CaseRecord } from './checks.ts';
import { diagnose } from './diagnose.ts';
import type { MistakeRecords } from './diagnose.ts';
import { computedExpectations } from './expectations.ts';
import type { Expectations } from './expectations.ts';
import { describeError } from './in-process.ts';
import type {
  Exercise,
  ExerciseSpec,
  GradingError,
  SubmissionRunner,
  ValueCase,
  Verdict,
} from './types.ts';

/**
 * The version of the graders: it moves whenever checks, references or tolerances change in
 * a way that can change a verdict, so that stored verdicts can be regraded.
 */
export const GRADER_VERSION = '1.0.0';

/** Loads a catalogued mistake's wrong submission as a runner (trusted code). */
export type MistakeLoader = (mistakeId: string) => Promise<SubmissionRunner>;

export interface GradeOptions {
  seed: number;
  loadMistake: MistakeLoader;
  tolerance?: number;
}

export type Graded = Pick<Verdict, 'passed' | 'score' | 'checks' | 'diagnosis'>;

/**
 * Grades a loaded submission on the host: expectations from the references with the given
 * seed, then the checks, then, when any fails, the diagnosis. Errors that stop grading
 * (limits, a crash of the sandbox) are the caller's.
 */
export async function gradeWithRunner(
  exercise: Exercise,
  runner: SubmissionRunner,
  options: GradeOptions,
): Promise<Graded> {
  const expectations = computedExpectations(exercise, options.seed);
  try {
    const mistakes = runMistakes(expectations.cases, options.loadMistake);
    return await gradeAgainst(exercise, runner, expectations, mistakes, options.tolerance);
  } finally {
    expectations.dispose();
  }
}

/** The checks and the diagnosis against given expectations (computed, or from a pack). */
export async function gradeAgainst(
  spec: ExerciseSpec,
  runner: SubmissionRunner,
  expectations: Expectations,
  mistakes: MistakeRecords,
  tolerance?: number,
): Promise<Graded> {
  const run = await runChecks(spec, runner, expectations, tolerance);
  const passedCount = run.checks.filter((c) => c.passed).length;
  const passed = passedCount === run.checks.length;
  const diagnosis = passed ? null : await diagnose(spec, expectations.cases, run.records, mistakes);
  return { passed, score: passedCount / run.checks.length, checks: run.checks, diagnosis };
}

/** Runs each catalogued mistake (once loaded) on the drawn cases, for the diagnosis. */
export function runMistakes(cases: ValueCase[], load: MistakeLoader): MistakeRecords {
  const runners = new Map<string, Promise<SubmissionRunner>>();
  return async (id, index): Promise<CaseRecord> => {
    if (!runners.has(id)) runners.set(id, load(id));
    const runner = await runners.get(id)!;
    const c = cases[index]!;
    try {
      return { output: await runner.call(c.fn, c.args) };
    } catch (error) {
      return { error: describeError(error) };
    }
  };
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
