// Grades queued submissions: claims jobs from the database queue and runs each in the
// sandbox pool of graders/node (isolated-vm, one process per slot). Runs inside the web
// server (always with PGlite), and as `npm run worker` beside it on a PostgreSQL server.
import { GraderPool } from '../../graders/node/sandbox/pool.ts';
import type { Db } from '../../db/client.ts';
import { claimJob, completeJob, failJob } from './queue.ts';

export interface WorkerOptions {
  /** Jobs graded at once (default: the pool's processes). */
  concurrency?: number;
  /** How long a claimed job is ours before another worker may take it. */
  leaseMs?: number;
  /** How often to look for jobs when the queue was empty. */
  pollMs?: number;
  log?: (line: string) => void;
}

export interface GradingWorker {
  /** Looks for jobs now (after an enqueue in this process, say). */
  wake(): void;
  /** Stops claiming, finishes the jobs in hand, closes the pool. */
  stop(): Promise<void>;
}

export function startGradingWorker(db: Db, options: WorkerOptions = {}): GradingWorker {
  const concurrency = options.concurrency ?? Math.max(1, Number(process.env['GRADER_WORKERS']) || 2);
  const pool = new GraderPool({ workers: concurrency });
  // long enough for the slowest grading (the sandbox stops a submission after 10 s)
  const leaseMs = options.leaseMs ?? (Number(process.env['GRADING_LEASE_MS']) || 60_000);
  const pollMs = options.pollMs ?? 500;
  const log = options.log ?? ((line: string) => console.log(line));
  let stopping = false;
  const sleepers = new Set<() => void>();

  const wake = () => {
    for (const resolve of sleepers) resolve();
    sleepers.clear();
  };
  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleepers.delete(done);
        resolve();
      }, pollMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      sleepers.add(done);
    });

  async function slot(): Promise<void> {
    while (!stopping) {
      let job;
      try {
        job = await claimJob(db, leaseMs);
      } catch (error) {
        log(`grading: cannot claim a job: ${(error as Error).message}`);
        await sleep();
        continue;
      }
      if (!job) {
        await sleep();
        continue;
      }
      try {
        const verdict = await pool.grade(job.exerciseId, job.code);
        await completeJob(db, job, verdict);
      } catch (error) {
        // the pool answers verdicts, even for crashes; this is the database or a bug of ours
        const message = (error as Error).message;
        log(`grading: submission ${job.submissionId} failed: ${message}`);
        await failJob(db, job.jobId, job.submissionId, message).catch(() => {});
      }
    }
  }

  const slots = Array.from({ length: concurrency }, () => slot());
  return {
    wake,
    async stop() {
      stopping = true;
      wake();
      await Promise.all(slots);
      await pool.close();
    },
  };
}
