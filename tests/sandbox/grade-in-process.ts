// Grades a hostile submission in a Sandbox in this process, then the real solution in the
// same Sandbox object; prints one JSON line per verdict. Run as a child process by tests
// whose submission may take the whole process down (the test then sees the exit status).
//
// Environment: HOSTILE_SOURCE (the submission), SANDBOX_LIMITS (JSON), ATTEMPTS (how many
// times the hostile submission is graded before the solution; default 1).
import { readFileSync } from 'node:fs';
import { findExercise } from '../../graders/exercises/index.ts';
import type { Verdict } from '../../graders/grading/types.ts';
import { gradeInSandbox } from '../../graders/node/sandbox/grade.ts';
import { Sandbox } from '../../graders/node/sandbox/isolate.ts';
import type { SandboxLimits } from '../../graders/node/sandbox/isolate.ts';
import { useBackend } from '../../graders/node/tf-node.ts';

const exercise = findExercise('transformer/layer-norm')!;
const solution = readFileSync(
  new URL('../../graders/exercises/transformer/layer-norm/solution.ts', import.meta.url),
  'utf8',
);
const source = process.env['HOSTILE_SOURCE'] ?? '';
const limits = JSON.parse(process.env['SANDBOX_LIMITS'] ?? 'null') as SandboxLimits;
const attempts = Number(process.env['ATTEMPTS'] ?? '1');
const sandbox = new Sandbox(limits);

function print(label: string, verdict: Verdict): void {
  const { passed, score, error, durationMs } = verdict;
  process.stdout.write(`${JSON.stringify({ label, passed, score, error, durationMs })}\n`);
}

await useBackend('cpu');
print('warm-up', await gradeInSandbox(sandbox, exercise, solution, 1));
for (let i = 0; i < attempts; i++) {
  print('hostile', await gradeInSandbox(sandbox, exercise, source, 2 + i));
}
print('solution', await gradeInSandbox(sandbox, exercise, solution, 100));
