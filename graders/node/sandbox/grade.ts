import { GradingAbort } from '../../grading/abort.ts';
import { GRADER_VERSION, errorVerdict, gradeWithRunner } from '../../grading/grade.ts';
import type { Exercise, GradingError, Verdict } from '../../grading/types.ts';
import { mistakeLoader } from '../exercise-files.ts';
import { transpileSubmission } from './bundle.ts';
import type { Sandbox, SandboxSession } from './isolate.ts';

// Names a submission may use that exist in Node or a browser, but not in the sandbox: using
// one is an attempt to reach outside, and the verdict says so.
const OUTSIDE_NAMES =
  /^(process|require|fetch|setTimeout|setInterval|setImmediate|XMLHttpRequest|WebSocket|Deno|Bun|global|Buffer|importScripts|navigator|document|window) is not defined/;

/**
 * Grades one submission in a fresh sandbox context: transpile, load, check every export,
 * run the checks (the comparisons happen here, on the host), diagnose a failure.
 */
export async function gradeInSandbox(
  sandbox: Sandbox,
  exercise: Exercise,
  source: string,
  seed: number,
): Promise<Verdict> {
  const start = Date.now();
  const deadline = start + sandbox.limits.timeMs;
  let session: SandboxSession | undefined;
  let logs: string[] = [];
  try {
    const code = await transpileSubmission(source);
    session = await sandbox.open(deadline);
    await loadSubmission(session, exercise, code);
    const result = await gradeWithRunner(exercise, session, {
      seed,
      loadMistake: mistakeLoader(exercise.id),
    });
    const printed = await session.logs();
    logs = printed.lines;
    if (printed.overflow) {
      const limit = sandbox.limits.logBytes;
      throw new GradingAbort('log-limit', `the submission printed more than ${limit} bytes`);
    }
    const error = stoppingError(result.checks.map((c) => c.message.en));
    if (error?.kind === 'memory-limit') sandbox.discard();
    if (error) return errorVerdict(exercise.id, error, seed, Date.now() - start, logs);
    return {
      exercise: exercise.id,
      ...result,
      error: null,
      seed,
      graderVersion: GRADER_VERSION,
      durationMs: Date.now() - start,
      logs,
    };
  } catch (error) {
    return errorVerdict(exercise.id, asGradingError(error), seed, Date.now() - start, logs);
  } finally {
    session?.release();
  }
}

async function loadSubmission(session: SandboxSession, exercise: Exercise, code: string) {
  let names: string[];
  try {
    names = await session.load(code);
  } catch (error) {
    if (error instanceof GradingAbort) throw error;
    const message = (error as Error).message;
    const outside = stoppingError([message]);
    if (outside) throw new GradingAbort(outside.kind, outside.message);
    throw new GradingAbort('crash', `the submission failed while loading: ${message}`);
  }
  const missing = Object.keys(exercise.signatures).filter((n) => !names.includes(n));
  if (missing.length > 0) {
    const found = names.length > 0 ? names.join(', ') : 'no functions';
    throw new GradingAbort(
      'missing-export',
      `the submission must export ${missing.map((n) => `"${n}"`).join(', ')} (found: ${found})`,
    );
  }
}

const OUT_OF_MEMORY = /Array buffer allocation failed|Invalid (typed )?array length|out of memory/i;

/**
 * A check message that shows the submission reaching for something outside the sandbox, or
 * running out of the memory it is given.
 */
function stoppingError(messages: string[]): GradingError | null {
  for (const message of messages) {
    if (OUT_OF_MEMORY.test(message)) {
      return { kind: 'memory-limit', message: `the submission ran out of memory: ${message}` };
    }
    const name = message.replace(/^.*?(?:threw |failed while loading: )?(\w+Error: )/, '');
    const match = OUTSIDE_NAMES.exec(name);
    if (match) {
      return { kind: 'forbidden', message: `${match[1]} is not available in the sandbox` };
    }
  }
  return null;
}

function asGradingError(error: unknown): GradingError {
  if (error instanceof GradingAbort) return { kind: error.kind, message: error.message };
  return { kind: 'crash', message: `the grader failed: ${(error as Error).message}` };
}
