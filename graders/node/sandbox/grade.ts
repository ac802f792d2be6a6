import { GradingAbort } from '../../grading/abort.ts';
import { GRADER_VERSION, errorVerdict, gradeWithRunner } from '../../grading/grade.ts';
import type { Exercise, GradingError, Verdict } from '../../grading/types.ts';
import { mistakeLoader } from '../exercise-files.ts';
import { transpileSubmission } from './bundle.ts';
import type { Sandbox, SandboxSession } from './isolate.ts';

// Names a submission may use that exist in Node or a browser, but not in the sandbox: using
// one is an attempt to reach outside, and the verdict says so.
const OUTSIDE_NAMES =
  /\b(process|require|fetch|setTimeout|setInterval|setImmediate|XMLHttpRequest|WebSocket|Deno|Bun|global|Buffer|importScripts|navigator|document|window) is not defined/;

const OUT_OF_MEMORY =
  /Array buffer allocation failed|Invalid (typed )?array length|Invalid string length|out of memory/i;

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
  const stop = (error: GradingError) =>
    errorVerdict(exercise.id, error, seed, Date.now() - start, logs);
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
      return stop({
        kind: 'log-limit',
        message: `the submission printed more than ${limit} bytes`,
      });
    }
    const forbidden = await session.forbidden();
    if (forbidden) return stop({ kind: 'forbidden', message: forbidden });
    const error = stoppingError(result.checks.map((c) => c.message.en));
    if (error?.kind === 'memory-limit') sandbox.discard();
    if (error) return stop(error);
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
    return stop(asGradingError(error));
  } finally {
    session?.release();
  }
}

async function loadSubmission(session: SandboxSession, exercise: Exercise, code: string) {
  const loaded = await session.load(code);
  if (!loaded.ok) {
    const forbidden = await session.forbidden();
    if (forbidden) throw new GradingAbort('forbidden', forbidden);
    const stopping = stoppingError([loaded.error]);
    if (stopping) throw new GradingAbort(stopping.kind, stopping.message);
    throw new GradingAbort('runtime', `the submission threw while loading: ${loaded.error}`);
  }
  const names = loaded.value;
  const missing = Object.keys(exercise.signatures).filter((n) => !names.includes(n));
  if (missing.length > 0) {
    const found = names.length > 0 ? names.join(', ') : 'no functions';
    throw new GradingAbort(
      'missing-export',
      `the submission must export ${missing.map((n) => `"${n}"`).join(', ')} (found: ${found})`,
    );
  }
}

/**
 * A message that shows the submission reaching for something outside the sandbox, or
 * running out of the memory it is given.
 */
function stoppingError(messages: string[]): GradingError | null {
  for (const message of messages) {
    if (OUT_OF_MEMORY.test(message)) {
      return { kind: 'memory-limit', message: `the submission ran out of memory: ${message}` };
    }
    const match = OUTSIDE_NAMES.exec(message);
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
