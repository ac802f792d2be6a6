// Grading speed and memory, per exercise: cold and warm latency in one sandbox, throughput
// through the pool of grader processes, and resident memory over many gradings.
import { EXERCISES } from '../graders/exercises/index.ts';
import { readExerciseSource } from '../graders/node/exercise-files.ts';
import { gradeInSandbox } from '../graders/node/sandbox/grade.ts';
import { Sandbox } from '../graders/node/sandbox/isolate.ts';
import { GraderPool } from '../graders/node/sandbox/pool.ts';
import { useBackend } from '../graders/node/tf-node.ts';

const WARM_RUNS = Number(process.env['BENCH_WARM_RUNS'] ?? 20);
const THROUGHPUT_JOBS = Number(process.env['BENCH_THROUGHPUT_JOBS'] ?? 100);
const SOAK = Number(process.env['BENCH_GRADINGS'] ?? 1000);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const mib = () => process.memoryUsage().rss / 2 ** 20;

async function latencies(): Promise<void> {
  console.log(`\ngrading latency in one sandbox (the correct solution; ${WARM_RUNS} warm runs)`);
  console.log('exercise                          cold ms   p50 ms   p95 ms  passed');
  for (const exercise of EXERCISES) {
    const source = await readExerciseSource(exercise.id, 'solution');
    const sandbox = new Sandbox();
    const times: number[] = [];
    let passed = true;
    for (let i = 0; i <= WARM_RUNS; i++) {
      const start = performance.now();
      const verdict = await gradeInSandbox(sandbox, exercise, source, 1000 + i);
      times.push(performance.now() - start);
      passed &&= verdict.passed;
    }
    sandbox.discard();
    const cold = times.shift()!;
    times.sort((a, b) => a - b);
    const row = [
      exercise.id.padEnd(32),
      cold.toFixed(0).padStart(8),
      percentile(times, 50).toFixed(0).padStart(8),
      percentile(times, 95).toFixed(0).padStart(8),
      String(passed).padStart(7),
    ];
    console.log(row.join(' '));
  }
}

async function throughput(): Promise<void> {
  const pool = new GraderPool();
  const sources = await Promise.all(
    EXERCISES.map(async (e) => ({ id: e.id, source: await readExerciseSource(e.id, 'solution') })),
  );
  // warm every process before timing
  await Promise.all(sources.slice(0, 4).map((s) => pool.grade(s.id, s.source)));
  const start = performance.now();
  const jobs = Array.from({ length: THROUGHPUT_JOBS }, (_, i) => sources[i % sources.length]!);
  const verdicts = await Promise.all(jobs.map((j) => pool.grade(j.id, j.source)));
  const seconds = (performance.now() - start) / 1000;
  await pool.close();
  const passed = verdicts.filter((v) => v.passed).length;
  console.log(
    `\nthroughput: ${THROUGHPUT_JOBS} submissions of every exercise through the pool ` +
      `in ${seconds.toFixed(1)} s = ${(THROUGHPUT_JOBS / seconds).toFixed(1)} submissions/s ` +
      `(${passed}/${THROUGHPUT_JOBS} passed)`,
  );
}

async function soak(): Promise<void> {
  const sandbox = new Sandbox();
  const sources = await Promise.all(
    EXERCISES.map(async (e) => ({ e, source: await readExerciseSource(e.id, 'solution') })),
  );
  const marks: string[] = [];
  const before = mib();
  for (let i = 0; i < SOAK; i++) {
    const { e, source } = sources[i % sources.length]!;
    await gradeInSandbox(sandbox, e, source, i);
    if ((i + 1) % Math.max(1, Math.floor(SOAK / 4)) === 0)
      marks.push(`${i + 1}: ${mib().toFixed(0)}`);
  }
  sandbox.discard();
  console.log(
    `\nresident memory over ${SOAK} gradings in one process (MiB): start ` +
      `${before.toFixed(0)}, ${marks.join(', ')}`,
  );
}

await useBackend('cpu');
await latencies();
await throughput();
await soak();
