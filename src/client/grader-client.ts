import type { FromWorker, ToWorker } from './protocol.ts';

type Verdict = Extract<FromWorker, { type: 'verdict' }>;

/** A grading that did not answer in time; the worker was replaced. */
export class TimeLimitError extends Error {
  readonly seconds: number;

  constructor(seconds: number) {
    super(`no verdict after ${seconds} s`);
    this.seconds = seconds;
  }
}

// The first run also starts a backend (WebGPU compiles its shaders): it gets longer.
const FIRST_RUN_SECONDS = 60;
const RUN_SECONDS = 10;

/**
 * The page's grader worker: one for all the widgets of a page, replaced (terminated and
 * started anew) when a grading runs past its time, so the page never freezes.
 */
class GraderClient {
  #worker: Worker | null = null;
  #warm = false;
  #nextId = 1;
  #backend: string | null = null;
  readonly #listeners = new Map<number, (m: FromWorker) => void>();

  get backend(): string | null {
    return this.#backend;
  }

  #start(): Worker {
    // ?backend=wasm (say) pins the backend, for comparing them; the worker reads its name
    const pinned = new URLSearchParams(location.search).get('backend');
    const name = pinned ? `backend=${pinned}` : 'grader';
    const worker = new Worker(new URL('./grader.worker.ts', import.meta.url), {
      type: 'module',
      name,
    });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'ready') this.#backend = message.backend;
      else this.#listeners.get(message.id)?.(message);
    };
    this.#warm = false;
    return worker;
  }

  /** Grades code; `onStage` hears the progress. Rejects with TimeLimitError past the limit. */
  grade(exercise: string, code: string, onStage: (stage: string) => void): Promise<Verdict> {
    this.#worker ??= this.#start();
    const worker = this.#worker;
    const id = this.#nextId++;
    const seconds = this.#warm ? RUN_SECONDS : FIRST_RUN_SECONDS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(id);
        worker.terminate();
        if (this.#worker === worker) this.#worker = null;
        reject(new TimeLimitError(seconds));
      }, seconds * 1000);
      this.#listeners.set(id, (message) => {
        if (message.type === 'stage') return onStage(message.stage);
        if (message.type !== 'verdict') return;
        clearTimeout(timer);
        this.#listeners.delete(id);
        this.#warm = true;
        resolve(message);
      });
      const request: ToWorker = { type: 'grade', id, exercise, code };
      worker.postMessage(request);
    });
  }
}

export const grader = new GraderClient();
