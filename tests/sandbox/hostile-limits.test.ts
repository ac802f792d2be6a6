// Hostile submissions that exhaust a limit: time, memory, stack, log. Graded in a Sandbox
// with short limits; each stops with the limit it hit, and the real solution graded next in
// the same Sandbox object still passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../graders/node/sandbox/isolate.ts';
import { useBackend } from '../../graders/node/tf-node.ts';
import {
  RETURNS_INPUT,
  SHORT_LIMITS,
  SOLUTION,
  expectFailed,
  expectSolutionPasses,
  failureText,
  grade,
  gradeInChildProcess,
} from '../helpers/sandbox.ts';

const sandbox = new Sandbox(SHORT_LIMITS);
const LIMIT_MS = SHORT_LIMITS.timeMs;
const TWO_GIB = 2 * 1024 ** 3;

beforeAll(async () => {
  await useBackend('cpu');
  // the first grading of a process builds the runtime and loads the mistakes: do it with
  // room to spare, so that the short limit below measures submissions only
  const warm = new Sandbox();
  await expectSolutionPasses(warm);
  await grade(warm, RETURNS_INPUT);
  await expectSolutionPasses(sandbox);
});

afterAll(() => {
  sandbox.discard();
});

const inFunction = (body: string) =>
  `import * as tf from '@tensorflow/tfjs';\nexport function layerNorm(x) { ${body} }`;
const inAsyncFunction = (body: string) =>
  `import * as tf from '@tensorflow/tfjs';\nexport async function layerNorm(x) { ${body} }`;

// each of these runs to the time limit, then the solution is graded: 3 s + about 1 s
describe('a submission that never finishes', { timeout: 20_000 }, () => {
  const cases = [
    { name: 'an infinite loop at top level', source: 'while (true) {}\n' },
    { name: 'an infinite loop inside the function', source: inFunction('for (;;) {}') },
    {
      name: 'an infinite loop after an await',
      source: inAsyncFunction('await null; while (true) {}'),
    },
    { name: 'a promise that never settles', source: inFunction('return new Promise(() => {});') },
  ];

  it.each(cases)('stops $name at the time limit', async ({ source }) => {
    const verdict = await grade(sandbox, source);

    expectFailed(verdict, 'time-limit');
    expect(verdict.durationMs).toBeGreaterThanOrEqual(LIMIT_MS - 100);
    expect(verdict.durationMs).toBeLessThan(LIMIT_MS + 3000);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission that never yields', { timeout: 20_000 }, () => {
  it('stops an endless chain of microtasks at the time or the memory limit', async () => {
    // every turn of the chain keeps a promise: which limit comes first depends on the machine
    const source = inFunction('const spin = () => Promise.resolve().then(spin); spin(); return x;');

    const verdict = await grade(sandbox, source);

    expect(verdict.passed).toBe(false);
    expect(['time-limit', 'memory-limit']).toContain(verdict.error?.kind);
    expect(verdict.durationMs).toBeLessThan(LIMIT_MS + 3000);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission that claims a limit in its own error message', () => {
  const cases = [
    { name: 'time-limit', message: 'Script execution timed out.' },
    { name: 'memory-limit', message: 'Isolate was disposed during execution due to memory limit' },
  ];

  it.each(cases)('is not given $name by throwing "$message"', async ({ name, message }) => {
    const source = `export function layerNorm(x) { throw new Error(${JSON.stringify(message)}); }`;

    const verdict = await grade(sandbox, source);

    expect(verdict.passed).toBe(false);
    expect(verdict.durationMs).toBeLessThan(LIMIT_MS);
    expect(verdict.error?.kind).not.toBe(name);
  });
});

describe('a submission allocating without end', { timeout: 30_000 }, () => {
  // more time than SHORT_LIMITS: on a loaded machine a slow bomb must meet memory, not time
  const sandbox = new Sandbox({ ...SHORT_LIMITS, timeMs: 12_000 });
  const OUT_OF_MEMORY = /more than \d+ MiB|out of memory: .*(allocation failed|Invalid)/;
  // V8 refuses these strings before the heap fills: the load fails with its RangeError
  const STRING_TOO_LONG = /Invalid string length/;
  const cases = [
    { name: 'new Float64Array(2 ** 30) at top level', source: 'new Float64Array(2 ** 30);\n' },
    {
      name: 'new Float64Array(2 ** 30) inside the function',
      source: inFunction('const a = new Float64Array(2 ** 30); return x;'),
    },
    {
      name: 'a growing array of typed arrays',
      source: 'const keep = []; for (;;) keep.push(new Float64Array(1 << 20));\n',
    },
    {
      name: 'a growing array of small typed arrays',
      source: 'const keep = []; for (;;) keep.push(new Float64Array(16));\n',
    },
    {
      name: 'a growing array of arrays',
      source: 'const keep = []; for (;;) keep.push(new Array(1 << 16).fill(1.5));\n',
    },
    { name: 'tf.zeros([1e5, 1e5])', source: inFunction('return tf.zeros([1e5, 1e5]);') },
    { name: 'tf.zeros([2e4, 2e4])', source: inFunction('return tf.zeros([2e4, 2e4]);') },
    {
      name: 'tensors kept on every call',
      source: `import * as tf from '@tensorflow/tfjs';
        const keep = [];
        export function layerNorm(x) {
          for (let i = 0; i < 64; i++) keep.push(tf.keep(tf.ones([1024, 1024])));
          return x;
        }`,
    },
  ];

  it.each(cases)('stops $name at the memory limit', async ({ source }) => {
    const verdict = await grade(sandbox, source);

    expectFailed(verdict, 'memory-limit');
    expect(verdict.error?.message).toMatch(OUT_OF_MEMORY);
    expect(process.memoryUsage().rss).toBeLessThan(TWO_GIB);
    await expectSolutionPasses(sandbox);
  });

  const strings = [
    { name: 'a string that doubles until it fails', source: "let s = 'x'; for (;;) s = s + s;\n" },
    { name: 'a giant string', source: "const s = 'x'.repeat(2 ** 30);\n" },
  ];

  it.each(strings)('fails $name, naming the allocation that failed', async ({ source }) => {
    const verdict = await grade(sandbox, source);

    // 'crash' today (the CLI says "grader failure"); 'memory-limit' would be the better kind
    expect(verdict.passed).toBe(false);
    expect(['crash', 'memory-limit']).toContain(verdict.error?.kind);
    expect(verdict.error?.message).toMatch(STRING_TOO_LONG);
    expect(process.memoryUsage().rss).toBeLessThan(TWO_GIB);
    await expectSolutionPasses(sandbox);
  });

  // V8 aborts the whole process when this heap runs out (isolated-vm cannot catch it), so a
  // lone Sandbox cannot survive it: the pool of grader processes is the boundary, and it
  // reports the death as memory-limit (hostile-pool.test.ts). This checks that nothing else
  // happens: the process either aborts, or reports memory-limit if V8 recovers.
  it('aborts a lone grader process with a Map that grows without end, or stops it', async () => {
    const source = 'const m = new Map(); for (let i = 0; ; i++) m.set(i, { i });\n' + RETURNS_INPUT;

    const child = await gradeInChildProcess(source, { ...SHORT_LIMITS, memoryMb: 64 });

    const [, hostile] = child.verdicts;
    if (child.signal === null && child.code === 0) {
      expect(hostile?.error?.kind).toBe('memory-limit');
    } else {
      expect(child.signal ?? child.stderr).toMatch(/SIGABRT|out of memory|heap limit/i);
    }
  });
});

describe('a submission recursing without end', () => {
  const cases = [
    { name: 'at top level', source: 'function f(n) { return f(n + 1) + 1; }\nf(0);\n' },
    {
      name: 'inside the function',
      source: 'function f(n) { return f(n + 1) + 1; }\nexport function layerNorm(x) { f(0); }',
    },
    {
      name: 'through a getter on the returned tensor',
      source: inFunction(
        "const g = { get v() { return this.v; } }; Object.defineProperty(x, 'dtype', " +
          '{ get: () => g.v }); return x;',
      ),
    },
  ];

  it.each(cases)('fails a stack overflow $name', async ({ source }) => {
    const verdict = await grade(sandbox, source);

    expect(verdict.passed).toBe(false);
    expect(verdict.score).toBe(0);
    expect(failureText(verdict)).toMatch(/Maximum call stack size exceeded/);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission flooding the log', () => {
  const cases = [
    {
      name: 'console.log in a loop',
      source: "for (let i = 0; i < 1e5; i++) console.log('line ' + i);\n",
    },
    { name: 'one huge string', source: "console.log('x'.repeat(1e6));\n" },
    {
      name: 'console.error on every call',
      source: inFunction("console.error('x'.repeat(4000)); return x;"),
    },
    {
      name: 'an object whose toString is huge',
      source: "console.log({ toString: () => 'y'.repeat(1e6) });\n",
    },
    { name: 'empty lines', source: 'for (let i = 0; i < 2e5; i++) console.log();\n' },
    { name: 'empty strings', source: "for (let i = 0; i < 2e5; i++) console.info('');\n" },
  ];

  it.each(cases)('stops $name at the log limit', async ({ source }) => {
    const verdict = await grade(sandbox, source);

    expectFailed(verdict, 'log-limit');
    expect(verdict.logs.join('').length).toBeLessThanOrEqual(SHORT_LIMITS.logBytes);
    expect(verdict.logs.length).toBeLessThanOrEqual(SHORT_LIMITS.logBytes);
    await expectSolutionPasses(sandbox);
  });

  it('keeps the logs of a submission under the limit', async () => {
    const verdict = await grade(sandbox, "console.log('mean', 0.5);\n" + SOLUTION);

    expect(verdict.passed).toBe(true);
    expect(verdict.logs).toEqual(['mean 0.5']);
  });
});

describe('a submission whose finalizers never return', { timeout: 60_000 }, () => {
  it('does not take down the process that grades it', async () => {
    const source = `
      const registry = new FinalizationRegistry(() => { for (;;) {} });
      export function layerNorm(x) {
        for (let i = 0; i < 200; i++) registry.register({ g: new Array(1000).fill(i) }, i);
        for (let i = 0; i < 100; i++) new Array(100000).fill(1.5);
        return x;
      }`;

    // the finalizer runs between two calls only some of the time: two tries
    const child = await gradeInChildProcess(source, SHORT_LIMITS, 2);

    expect(child.signal, child.stderr.slice(0, 400)).toBeNull();
    expect(child.code, child.stderr.slice(0, 400)).toBe(0);
    const hostile = child.verdicts.filter((v) => v.label === 'hostile');
    expect(hostile).toHaveLength(2);
    for (const verdict of hostile) expect(verdict.error?.kind).toBe('time-limit');
    expect(child.verdicts.at(-1)).toMatchObject({ label: 'solution', passed: true, score: 1 });
  });
});
