// Hostile submissions graded in a real sandbox: the exercise they target, the real solution
// that must still pass after them, and the outside world they must not reach (temp files, a
// local TCP server).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { findExercise } from '../../graders/exercises/index.ts';
import type { GradingErrorKind, Verdict } from '../../graders/grading/types.ts';
import { gradeInSandbox } from '../../graders/node/sandbox/grade.ts';
import type { Sandbox, SandboxLimits } from '../../graders/node/sandbox/isolate.ts';

/** The exercise every hostile submission targets. */
export const EXERCISE_ID = 'transformer/layer-norm';
export const EXERCISE = findExercise(EXERCISE_ID)!;

/** The exercise's real solution: it must pass in a sandbox after any hostile submission. */
export const SOLUTION = readFileSync(
  new URL('../../graders/exercises/transformer/layer-norm/solution.ts', import.meta.url),
  'utf8',
);

/** A wrong layerNorm that fails every value check; hostile code is prepended to it. */
export const RETURNS_INPUT = 'export function layerNorm(x) { return x; }\n';

/** Short limits, for tests whose point is a limit: a time-limit verdict comes in 3 s. */
export const SHORT_LIMITS: SandboxLimits = { memoryMb: 128, timeMs: 3000, logBytes: 16_384 };

/**
 * Grades a submission of the layer-norm exercise with a fixed seed. Hostile code that does
 * not name layerNorm (in any case) gets the wrong one (`RETURNS_INPUT`) added.
 */
export function grade(sandbox: Sandbox, source: string, seed = 7): Promise<Verdict> {
  const complete = /layerNorm/i.test(source) ? source : source + RETURNS_INPUT;
  return gradeInSandbox(sandbox, EXERCISE, complete, seed);
}

/**
 * A failed verdict: stopped with `kind`, or (`'checks'`) graded to the end with failing
 * checks and no error.
 */
export function expectFailed(verdict: Verdict, kind: GradingErrorKind | 'checks'): void {
  expect(verdict.passed).toBe(false);
  expect(verdict.score).toBeLessThan(1);
  if (kind === 'checks') {
    expect(verdict.error).toBeNull();
    expect(verdict.checks.length).toBeGreaterThan(0);
    expect(verdict.checks.some((c) => !c.passed)).toBe(true);
  } else {
    expect(verdict.error?.kind, JSON.stringify(verdict.error)).toBe(kind);
    expect(verdict.error?.message).toBeTruthy();
  }
}

/** The solution, graded next in the same Sandbox object, still passes: the host is alive. */
export async function expectSolutionPasses(sandbox: Sandbox): Promise<Verdict> {
  const verdict = await grade(sandbox, SOLUTION, 11);
  expect(verdict.error).toBeNull();
  expect(verdict.passed).toBe(true);
  expect(verdict.score).toBe(1);
  return verdict;
}

/** A fresh empty folder for files that a submission must not create. */
export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `attention-lab-${name}-`));
}

/** The folder is still empty and the marker does not exist; the folder is then removed. */
export function expectUntouched(dir: string, marker: string): void {
  expect(existsSync(marker)).toBe(false);
  expect(readdirSync(dir)).toEqual([]);
  rmSync(dir, { recursive: true });
}

/** A JavaScript string literal, for putting a path or URL into a submission's source. */
export const lit = (text: string): string => JSON.stringify(text);

export interface ListeningServer {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that counts every connection made to it. */
export async function countingServer(): Promise<ListeningServer> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no port');
  return {
    port: address.port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The error and the failed checks' messages of a verdict, one per line. */
export function failureText(verdict: Verdict): string {
  const failed = verdict.checks.filter((c) => !c.passed).map((c) => c.message.en);
  return [verdict.error?.message ?? '', ...failed].join('\n');
}

/**
 * A hostile submission's source with its placeholders filled: `__MARKER__` becomes a string
 * literal of the marker's path, `__PORT__` the number.
 */
export function fill(source: string, values: Record<string, string | number>): string {
  return source.replace(/__([A-Z]+)__/g, (all, name: string) => {
    const value = values[name];
    if (value === undefined) return all;
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  });
}

export interface ChildGrading {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The verdicts printed: 'warm-up' (the solution), 'hostile' per attempt, 'solution'. */
  verdicts: { label: string; passed: boolean; score: number; error: Verdict['error'] }[];
  stderr: string;
}

/**
 * Grades a submission in a Sandbox inside a fresh Node process (tests/sandbox/
 * grade-in-process.ts), for submissions that may take their whole process down.
 */
export function gradeInChildProcess(
  source: string,
  limits: SandboxLimits,
  attempts = 1,
): Promise<ChildGrading> {
  const script = fileURLToPath(new URL('../sandbox/grade-in-process.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: {
        ...process.env,
        HOSTILE_SOURCE: source,
        SANDBOX_LIMITS: JSON.stringify(limits),
        ATTEMPTS: String(attempts),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const verdicts = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as ChildGrading['verdicts'][number]);
      resolve({ code, signal, verdicts, stderr });
    });
  });
}
