// A grader process: grades the jobs its pool sends, one at a time, each in a fresh sandbox
// context. The pool watches its memory and time, and starts a new one if it dies.
import { findExercise } from '../../exercises/index.ts';
import { errorVerdict } from '../../grading/grade.ts';
import { useBackend } from '../tf-node.ts';
import { gradeInSandbox } from './grade.ts';
import { Sandbox } from './isolate.ts';
import type { SandboxLimits } from './isolate.ts';
import type { GradeJob, GradeReply } from './pool.ts';

const limits = JSON.parse(process.env['ATTENTION_LAB_SANDBOX_LIMITS'] ?? 'null') as SandboxLimits;
const sandbox = new Sandbox(limits);
await useBackend('cpu');

process.on('message', (job: GradeJob) => {
  void handle(job).then((reply) => process.send?.(reply));
});
process.send?.({ ready: true });

async function handle(job: GradeJob): Promise<GradeReply> {
  const exercise = findExercise(job.exercise);
  if (!exercise) {
    const error = { kind: 'crash' as const, message: `unknown exercise "${job.exercise}"` };
    return { id: job.id, verdict: errorVerdict(job.exercise, error, job.seed, 0) };
  }
  return { id: job.id, verdict: await gradeInSandbox(sandbox, exercise, job.source, job.seed) };
}
