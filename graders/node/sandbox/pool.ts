import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { errorVerdict } from '../../grading/grade.ts';
import { freshSeed } from '../../grading/random.ts';
import type { GradingError, Verdict } from '../../grading/types.ts';
import { DEFAULT_LIMITS } from './isolate.ts';
import type { SandboxLimits } from './isolate.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface GradeJob {
  id: number;
  exercise: string;
  source: string;
  seed: number;
}

export interface GradeReply {
  id: number;
  verdict: Verdict;
}

export interface PoolOptions {
  /** Grader processes (default: one per core). */
  workers?: number;
  limits?: SandboxLimits;
  /** Resident memory at which a grader process is killed, in MiB (the OS-level cap). */
  rssLimitMb?: number;
}

interface Pending {
  job: GradeJob;
  resolve: (verdict: Verdict) => void;
  started: number;
}

/** One grader process and the job it is running, if any. */
class Worker {
  readonly child: ChildProcess;
  ready: Promise<void>;
  current: Pending | undefined;
  /** Why the pool killed this process, when it did. */
  killedFor: GradingError | undefined;
  /** The end of what the process wrote to stderr: V8 says there why it aborted. */
  stderrTail = '';

  constructor(limits: SandboxLimits) {
    this.child = fork(CHILD, [], {
      env: { ...process.env, ATTENTION_LAB_SANDBOX_LIMITS: JSON.stringify(limits) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-8192);
    });
    this.ready = new Promise((resolve) => {
      const onReady = (message: unknown) => {
        if ((message as { ready?: boolean }).ready) {
          this.child.off('message', onReady);
          resolve();
        }
      };
      this.child.on('message', onReady);
    });
  }
}

/**
 * A warm pool of grader processes, each running submissions in isolated-vm sandboxes. The
 * pool is the OS-level guard: a process over its memory cap, past its time, or dead, is
 * killed and replaced, and its submission gets a failed verdict naming the limit.
 */
export class GraderPool {
  readonly #limits: SandboxLimits;
  readonly #rssLimitMb: number;
  readonly #workers: Worker[] = [];
  readonly #queue: Pending[] = [];
  readonly #watch: ReturnType<typeof setInterval>;
  #nextId = 1;
  #closed = false;

  constructor(options: PoolOptions = {}) {
    this.#limits = options.limits ?? DEFAULT_LIMITS;
    this.#rssLimitMb = options.rssLimitMb ?? 1024;
    const count = Math.max(1, options.workers ?? availableParallelism());
    for (let i = 0; i < count; i++) this.#workers.push(this.#spawn());
    this.#watch = setInterval(() => this.#police(), 200);
    this.#watch.unref();
  }

  /** Grades a submission; the seed is fresh unless given (to reproduce a verdict). */
  grade(exercise: string, source: string, seed = freshSeed()): Promise<Verdict> {
    if (this.#closed) return Promise.reject(new Error('the grader pool is closed'));
    return new Promise((resolve) => {
      const job = { id: this.#nextId++, exercise, source, seed };
      this.#queue.push({ job, resolve, started: 0 });
      this.#dispatch();
    });
  }

  /** Stops every grader process; queued submissions are not graded. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watch);
    await Promise.all(
      this.#workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
            w.child.once('exit', () => resolve());
            w.child.kill('SIGKILL');
          }),
      ),
    );
  }

  #spawn(): Worker {
    const worker = new Worker(this.#limits);
    worker.child.on('message', (message: unknown) => this.#onReply(worker, message));
    worker.child.on('exit', (code, signal) => this.#onExit(worker, code, signal));
    return worker;
  }

  #dispatch(): void {
    for (const worker of this.#workers) {
      if (worker.current || this.#queue.length === 0) continue;
      const pending = this.#queue.shift()!;
      worker.current = pending;
      void worker.ready.then(() => {
        if (worker.current !== pending) return;
        pending.started = Date.now();
        worker.child.send(pending.job);
      });
    }
  }

  #onReply(worker: Worker, message: unknown): void {
    const reply = message as GradeReply;
    if (typeof reply.id !== 'number' || worker.current?.job.id !== reply.id) return;
    const pending = worker.current;
    worker.current = undefined;
    pending.resolve(reply.verdict);
    this.#dispatch();
  }

  #onExit(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    const index = this.#workers.indexOf(worker);
    if (index < 0) return;
    const pending = worker.current;
    worker.current = undefined;
    if (pending) {
      const error = worker.killedFor ?? deathCause(worker.stderrTail, signal);
      if (!this.#closed) {
        const how = signal ?? `exit ${code}`;
        console.error(
          `grader: process ${worker.child.pid} died (${how}) grading job ` +
            `${pending.job.id} (${pending.job.exercise}): ${error.kind}`,
        );
      }
      const { job } = pending;
      pending.resolve(errorVerdict(job.exercise, error, job.seed, Date.now() - pending.started));
    }
    if (this.#closed) return;
    this.#workers[index] = this.#spawn();
    this.#dispatch();
  }

  /** Kills a grader process past its memory cap or its time. */
  #police(): void {
    for (const worker of this.#workers) {
      const pid = worker.child.pid;
      if (!pid || !worker.current) continue;
      const rss = residentMb(pid);
      const elapsed = worker.current.started ? Date.now() - worker.current.started : 0;
      let reason: GradingError | undefined;
      if (rss > this.#rssLimitMb) {
        reason = {
          kind: 'memory-limit',
          message: `the grader process passed ${this.#rssLimitMb} MiB`,
        };
      } else if (elapsed > this.#limits.timeMs + 5000) {
        const seconds = this.#limits.timeMs / 1000;
        reason = {
          kind: 'time-limit',
          message: `the submission ran past the time limit of ${seconds} s`,
        };
      }
      if (reason) {
        worker.killedFor = reason;
        worker.child.kill('SIGKILL');
      }
    }
  }
}

/**
 * Why a grader process died on its own: V8 aborts the whole process when an isolate's heap
 * runs out in a way isolated-vm cannot catch (a Map grown without end, for one).
 */
function deathCause(stderr: string, signal: NodeJS.Signals | null): GradingError {
  if (signal === 'SIGABRT' || /out of memory|heap limit|allocation failed/i.test(stderr)) {
    return { kind: 'memory-limit', message: 'the submission exhausted the memory of its sandbox' };
  }
  return { kind: 'crash', message: 'the grader process died while grading this submission' };
}

/** Resident memory of a process in MiB, from /proc (0 where /proc is not available). */
function residentMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    // the process has just exited, or this system has no /proc: nothing to police
    return 0;
  }
}
