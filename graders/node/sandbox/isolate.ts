import ivm from 'isolated-vm';
import { GradingAbort } from '../../grading/abort.ts';
import { SubmissionCallError } from '../../grading/in-process.ts';
import { serializeArg } from '../../grading/serialize.ts';
import type { Arg, Output, SubmissionRunner } from '../../grading/types.ts';
import { RUNTIME_GLOBAL, runtimeBundle } from './bundle.ts';

/** The sandbox's limits. */
export interface SandboxLimits {
  /** Heap of the isolate, ArrayBuffers included (isolated-vm's memoryLimit), in MiB. */
  memoryMb: number;
  /** Wall-clock time for one grading, in ms. */
  timeMs: number;
  /** Bytes of console output kept from one submission. */
  logBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { memoryMb: 256, timeMs: 10_000, logBytes: 16_384 };

// A bare context gets none of these; WebAssembly memory would also escape memoryLimit.
const PRELUDE = `
  globalThis.self = globalThis;
  delete globalThis.WebAssembly;
  delete globalThis.SharedArrayBuffer;
  delete globalThis.Atomics;
`;

const TAKE_HARNESS = `
  (() => {
    const runtime = globalThis.${RUNTIME_GLOBAL};
    delete globalThis.${RUNTIME_GLOBAL};
    return runtime.createHarness({ logBytes: __LOG_BYTES__ });
  })()
`;

/**
 * An isolate kept warm between submissions; each submission gets a fresh context in it
 * (its own globals: nothing one leaves behind reaches the next). After a limit is hit the
 * isolate is thrown away and the next submission gets a new one.
 */
export class Sandbox {
  readonly limits: SandboxLimits;
  #isolate: ivm.Isolate | undefined;
  #script: ivm.Script | undefined;

  constructor(limits: SandboxLimits = DEFAULT_LIMITS) {
    this.limits = limits;
  }

  /** A fresh context with the runtime and a harness, for one submission. */
  async open(deadline: number): Promise<SandboxSession> {
    const { isolate, script } = await this.#warm();
    const context = await isolate.createContext();
    try {
      await context.eval(PRELUDE);
      await script.run(context);
      const harness = await context.eval(
        TAKE_HARNESS.replace('__LOG_BYTES__', String(this.limits.logBytes)),
        { reference: true },
      );
      const session = new SandboxSession(this, context, harness as ivm.Reference, deadline);
      await session.invoke('ready', []);
      return session;
    } catch (error) {
      context.release();
      throw error;
    }
  }

  /** Throws the isolate away (after a limit, or when it can no longer be trusted). */
  discard(): void {
    const isolate = this.#isolate;
    this.#isolate = undefined;
    this.#script = undefined;
    if (isolate && !isolate.isDisposed) isolate.dispose();
  }

  async #warm(): Promise<{ isolate: ivm.Isolate; script: ivm.Script }> {
    if (!this.#isolate || this.#isolate.isDisposed || !this.#script) {
      this.#isolate = new ivm.Isolate({ memoryLimit: this.limits.memoryMb });
      this.#script = await this.#isolate.compileScript(await runtimeBundle());
    }
    return { isolate: this.#isolate, script: this.#script };
  }
}

/** One submission's context: loads it, calls its functions, runs models with it. */
export class SandboxSession implements SubmissionRunner {
  readonly #sandbox: Sandbox;
  readonly #context: ivm.Context;
  readonly #harness: ivm.Reference;
  readonly #deadline: number;

  constructor(sandbox: Sandbox, context: ivm.Context, harness: ivm.Reference, deadline: number) {
    this.#sandbox = sandbox;
    this.#context = context;
    this.#harness = harness;
    this.#deadline = deadline;
  }

  /**
   * Loads the transpiled submission. Answers the names of its exported functions, or the
   * error it threw while loading (its own failure, not the sandbox's).
   */
  async load(code: string): Promise<{ ok: true; value: string[] } | { ok: false; error: string }> {
    const answer = checkAnswer(await this.invoke('load', [code]));
    if (!answer.ok) return answer;
    const names = answer.value;
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      throw new GradingAbort('crash', 'the sandbox returned no list of exports');
    }
    return { ok: true, value: names as string[] };
  }

  async call(name: string, args: Arg[]): Promise<Output> {
    const answer = checkAnswer(await this.invoke('call', [name, args.map(serializeArg)]));
    if (!answer.ok) throw new SubmissionCallError(answer.error);
    return checkOutput(answer.value);
  }

  /** The submission's console output, and whether it passed the log limit. */
  async logs(): Promise<{ lines: string[]; overflow: boolean }> {
    const logs = (await this.invoke('logs', [])) as { lines: unknown; overflow: unknown } | null;
    const lines = Array.isArray(logs?.lines) ? logs.lines.map(String) : [];
    return { lines, overflow: logs?.overflow === true };
  }

  /** The first thing outside the sandbox that the submission reached for, if any. */
  async forbidden(): Promise<string | null> {
    const what = await this.invoke('forbidden', []);
    return typeof what === 'string' ? what : null;
  }

  release(): void {
    this.#harness.release();
    this.#context.release();
  }

  /**
   * Calls a harness method with copied arguments, within what is left of the time limit.
   * The harness answers the submission's own failures; what throws here is the isolate
   * itself: out of time, out of memory, or gone.
   */
  async invoke(method: string, args: unknown[]): Promise<unknown> {
    const left = this.#deadline - Date.now();
    if (left <= 0) throw this.#timeUp();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.#timeUp()), left);
    });
    // the race may end before anyone awaits this promise: it must never be left unhandled
    timeUp.catch(() => undefined);
    const work = async () => {
      const fn = (await this.#harness.get(method, { reference: true })) as ivm.Reference;
      return fn.apply(this.#harness.derefInto(), args, {
        arguments: { copy: true },
        result: { promise: true, copy: true },
        timeout: left,
      });
    };
    try {
      return await Promise.race([work(), timeUp]);
    } catch (error) {
      throw this.#classify(error);
    } finally {
      clearTimeout(timer);
    }
  }

  #timeUp(): GradingAbort {
    this.#sandbox.discard();
    const seconds = this.#sandbox.limits.timeMs / 1000;
    return new GradingAbort('time-limit', `the submission ran past the time limit of ${seconds} s`);
  }

  // isolated-vm's own errors: the submission's errors never reach here (see invoke)
  #classify(error: unknown): GradingAbort {
    if (error instanceof GradingAbort) return error;
    const message = error instanceof Error ? error.message : String(error);
    if (/timed out/i.test(message)) return this.#timeUp();
    this.#sandbox.discard();
    if (/memory limit|disposed/i.test(message)) {
      const mb = this.#sandbox.limits.memoryMb;
      return new GradingAbort('memory-limit', `the submission used more than ${mb} MiB`);
    }
    return new GradingAbort('crash', `the sandbox failed: ${message}`);
  }
}

/** A harness answer: `{ ok: true, value }` or `{ ok: false, error }` with a string error. */
function checkAnswer(value: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  const answer = value as { ok?: unknown; value?: unknown; error?: unknown } | null;
  if (answer?.ok === true) return { ok: true, value: answer.value };
  if (answer?.ok === false) return { ok: false, error: String(answer.error) };
  throw new GradingAbort('crash', 'the sandbox answered something that is not an answer');
}

/** Checks what came out of the sandbox: a shape of whole numbers and as many float values. */
function checkOutput(value: unknown): Output {
  const out = value as Partial<Output> | null;
  const shape = out?.shape;
  const values = out?.values;
  const dtype = out?.dtype;
  const shapeOk =
    Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0 && d < 2 ** 31);
  if (
    !shapeOk ||
    !(values instanceof Float32Array) ||
    !['float32', 'int32', 'bool'].includes(dtype!)
  ) {
    throw new GradingAbort('crash', 'the sandbox returned something that is not a tensor copy');
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) {
    throw new GradingAbort(
      'crash',
      `the sandbox returned ${values.length} values for shape [${shape}]`,
    );
  }
  return { shape: [...shape], dtype: dtype!, values };
}
