// Hostile submissions that try to change the grading rather than leave the sandbox: polluted
// built-ins, patched tf, forged tensors, state left for the next submission. The verdict is
// made on the host from numbers copied out, so none of them may pass or touch the host.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../graders/node/sandbox/isolate.ts';
import { useBackend } from '../../graders/node/tf-node.ts';
import {
  SOLUTION,
  expectFailed,
  expectSolutionPasses,
  failureText,
  grade,
} from '../helpers/sandbox.ts';

const sandbox = new Sandbox();

beforeAll(async () => {
  await useBackend('cpu');
  await expectSolutionPasses(sandbox);
});

afterAll(() => {
  sandbox.discard();
});

/** The real solution, guarded: it throws if anything a previous submission did is visible. */
const GUARDED_SOLUTION = `
  const isNative = (f) =>
    typeof f === 'function' && /\\[native code\\]/.test(Function.prototype.toString.call(f));
  function guard() {
    const seen = [];
    if (({}).polluted !== undefined || 'polluted' in Object.prototype) seen.push('polluted');
    if (!isNative(Math.sqrt) || Math.sqrt(4) !== 2) seen.push('Math.sqrt');
    if (!isNative(Math.abs) || Math.abs(-1) !== 1) seen.push('Math.abs');
    if (!isNative(Array.prototype.map) || [1].map((v) => v + 1)[0] !== 2) seen.push('map');
    if (!isNative(JSON.stringify) || JSON.stringify({ a: 1 }) !== '{"a":1}') seen.push('JSON');
    if (!isNative(Promise.prototype.then)) seen.push('then');
    if (!isNative(Float32Array.from) || !isNative(Float32Array.prototype.fill)) seen.push('f32');
    if (!isNative(Number.prototype.toFixed)) seen.push('toFixed');
    if (globalThis.secret !== undefined || globalThis.leftBehind !== undefined) seen.push('global');
    if (tf.secret !== undefined) seen.push('tf.secret');
    if (tf.sqrt(tf.scalar(4)).dataSync()[0] !== 2) seen.push('Sqrt kernel');
    if (seen.length > 0) throw new Error('left behind by another submission: ' + seen.join());
  }
  guard();
`;
const GUARDED = SOLUTION.replace(
  /export function layerNorm\(([^)]*)\)([^{]*)\{/,
  (_, params: string, returns: string) =>
    `${GUARDED_SOLUTION}\nexport function layerNorm(${params})${returns}{\n  guard();`,
);

describe('the guarded solution', () => {
  const pollutions = [
    { name: 'a polluted Object.prototype', code: 'Object.prototype.polluted = 1;' },
    { name: 'a patched Math.sqrt', code: 'Math.sqrt = (v) => v;' },
    {
      name: 'a replaced Sqrt kernel',
      code: `tf.unregisterKernel('Sqrt', 'cpu');
        tf.registerKernel({ kernelName: 'Sqrt', backendName: 'cpu',
          kernelFunc: ({ backend }) =>
            backend.makeTensorInfo([], 'float32', new Float32Array([1])) });`,
    },
  ];

  it.each(pollutions)('fails when its own context has $name', async ({ code }) => {
    const source = GUARDED.replace(/^(import .*\n)/m, `$1${code}\n`);

    const verdict = await grade(sandbox, source);

    expect(verdict.passed).toBe(false);
    expect(failureText(verdict)).toMatch(/left behind by another submission/);
  });
});

describe('a submission polluting built-ins', () => {
  const POLLUTER = `
    import * as tf from '@tensorflow/tfjs';
    Object.prototype.polluted = 1;
    Array.prototype.map = function () { return []; };
    Float32Array.prototype.fill = function () { return this; };
    Float32Array.prototype.set = function () {};
    Float32Array.from = () => new Float32Array(0);
    JSON.stringify = () => '{"passed":true,"score":1}';
    JSON.parse = () => ({ passed: true, score: 1 });
    Math.sqrt = () => 1;
    Math.abs = () => 0;
    Number.prototype.toFixed = () => '0';
    Promise.prototype.then = function () { return this; };
    globalThis.leftBehind = { polluted: true };
    tf.secret = 'from the polluter';
    export function layerNorm(x) { return x; }
  `;

  it('leaves the host its own Object, Array, Float32Array, Math, JSON and Promise', async () => {
    const saved = {
      map: Array.prototype.map,
      fill: Float32Array.prototype.fill,
      set: Float32Array.prototype.set,
      from: Float32Array.from,
      stringify: JSON.stringify,
      parse: JSON.parse,
      sqrt: Math.sqrt,
      abs: Math.abs,
      toFixed: Number.prototype.toFixed,
      then: Promise.prototype.then,
    };

    const verdict = await grade(sandbox, POLLUTER);

    expectFailed(verdict, 'checks');
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((globalThis as Record<string, unknown>)['leftBehind']).toBeUndefined();
    expect((tf as unknown as Record<string, unknown>)['secret']).toBeUndefined();
    expect({
      map: Array.prototype.map,
      fill: Float32Array.prototype.fill,
      set: Float32Array.prototype.set,
      from: Float32Array.from,
      stringify: JSON.stringify,
      parse: JSON.parse,
      sqrt: Math.sqrt,
      abs: Math.abs,
      toFixed: Number.prototype.toFixed,
      then: Promise.prototype.then,
    }).toEqual(saved);
    expect([Math.sqrt(4), Math.abs(-1), JSON.stringify({ a: [1] })]).toEqual([2, 1, '{"a":[1]}']);
  });

  it('leaves the next submission in the same sandbox clean built-ins', async () => {
    const first = await grade(sandbox, POLLUTER);
    const next = await grade(sandbox, GUARDED);

    expectFailed(first, 'checks');
    expect(failureText(next)).toBe('');
    expect(next.passed).toBe(true);
    expect(next.score).toBe(1);
  });
});

describe('a wrong submission patching what the comparison might use', () => {
  const PATCHES = `
    import * as tf from '@tensorflow/tfjs';
    const fake = (t) => new Float32Array(t.size).fill(__VALUE__);
    tf.Tensor.prototype.dataSync = function () { return fake(this); };
    tf.Tensor.prototype.data = async function () { return fake(this); };
    tf.Tensor.prototype.arraySync = function () { return []; };
    tf.Tensor.prototype.array = async function () { return []; };
    tf.sub = () => tf.scalar(0);
    tf.util.arraysEqual = () => true;
    Math.abs = () => 0;
    Math.max = () => 0;
    Number.isNaN = () => false;
    Number.prototype.toFixed = () => '0';
    Object.is = () => true;
    Array.prototype.every = () => true;
    Float32Array.prototype.every = () => true;
    JSON.stringify = () => '{"passed":true,"score":1}';
    Object.defineProperty(Object.prototype, 'passed', { get: () => true, configurable: true });
  `;
  const cases = [
    { name: 'returns its input and reads as zeros', value: '0', body: 'return x;' },
    { name: 'returns its input and reads as NaN', value: 'NaN', body: 'return x;' },
    { name: 'returns zeros', value: '0', body: 'return tf.zerosLike(x);' },
    { name: 'returns beta', value: '1', body: 'return tf.add(tf.zerosLike(x), beta);' },
  ];

  it.each(cases)('fails a layerNorm that $name', async ({ value, body }) => {
    const dataSync = tf.Tensor.prototype.dataSync;
    const source = PATCHES.replace('__VALUE__', value);

    const verdict = await grade(
      sandbox,
      `${source}\nexport function layerNorm(x, gamma, beta) { ${body} }`,
    );

    expectFailed(verdict, 'checks');
    expect(verdict.checks.filter((c) => c.name.en.startsWith('values')).length).toBe(4);
    for (const check of verdict.checks.filter((c) => c.name.en.startsWith('values'))) {
      expect(check.passed, check.message.en).toBe(false);
    }
    expect(tf.Tensor.prototype.dataSync).toBe(dataSync);
    expect(Math.abs(-3)).toBe(3);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission returning something that is not a tensor', () => {
  const cases = [
    {
      name: 'a plain object shaped like a tensor',
      body: `const v = Float32Array.from(x.dataSync());
        return { shape: x.shape, dtype: 'float32', size: v.length, data: async () => v };`,
      says: /returned object, not a tf\.Tensor/,
    },
    {
      // tf.Tensor's instanceof is duck-typed: data, dataSync and throwIfDisposed pass it
      name: 'a duck-typed object that passes instanceof tf.Tensor',
      body: `const v = new Float32Array(x.size).fill(0.5);
        return { shape: x.shape, dtype: 'float32', size: x.size, data: async () => v,
          dataSync: () => v, throwIfDisposed() {} };`,
      says: /values differ/,
    },
    {
      name: 'an object with the prototype of tf.Tensor and fewer values than its shape',
      body: `const fake = Object.create(tf.Tensor.prototype);
        Object.defineProperties(fake, { shape: { value: x.shape }, dtype: { value: 'float32' } });
        fake.data = async () => new Float32Array([1, 2, 3]);
        return fake;`,
      says: /3 values for shape/,
    },
    {
      name: 'a Proxy of its input that lies about its shape',
      body: `return new Proxy(x, { get: (t, k) => (k === 'shape' ? [1] : Reflect.get(t, k)) });`,
      says: /not a tensor copy|values for shape/,
    },
    {
      name: 'a Proxy that throws on every access',
      body: `return new Proxy(x, { get() { throw new Error('trapped'); } });`,
      says: /trapped/,
    },
    {
      name: 'an array of numbers',
      body: 'return Array.from(x.dataSync());',
      says: /returned an array, not a tf\.Tensor/,
    },
    { name: 'undefined', body: 'return;', says: /returned undefined, not a tf\.Tensor/ },
    { name: 'a string', body: "return 'tensor';", says: /returned string, not a tf\.Tensor/ },
    {
      name: 'an int32 tensor',
      body: "return tf.cast(x, 'int32');",
      says: /expected float32 values, got int32/,
    },
  ];

  it.each(cases)('fails a layerNorm that returns $name', async ({ body, says }) => {
    const source = `import * as tf from '@tensorflow/tfjs';
      export async function layerNorm(x, gamma, beta) { ${body} }`;

    const verdict = await grade(sandbox, source);

    expect(verdict.passed).toBe(false);
    expect(verdict.score).toBeLessThan(1);
    expect(failureText(verdict)).toMatch(says);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission returning a disposed tensor', () => {
  it('is told that its tensor is disposed, not that it ran out of memory', async () => {
    const source = `import * as tf from '@tensorflow/tfjs';
      export function layerNorm(x) { const y = tf.clone(x); y.dispose(); return y; }`;

    const verdict = await grade(sandbox, source);

    expect(verdict.passed).toBe(false);
    expect(verdict.error?.kind).not.toBe('memory-limit');
    expect(failureText(verdict)).toMatch(/Tensor is disposed/);
  });
});

describe('a submission that does not compile or export layerNorm', () => {
  it('stops a syntax error as a compile error with its line', async () => {
    const verdict = await grade(sandbox, 'export function layerNorm(x) {\n  return x +;\n}\n');

    expectFailed(verdict, 'compile');
    expect(verdict.error?.message).toMatch(/line 2/);
    await expectSolutionPasses(sandbox);
  });

  it('stops a top-level await as a compile error', async () => {
    const source = 'await new Promise(() => {});\nexport function layerNorm(x) { return x; }';

    const verdict = await grade(sandbox, source);

    expectFailed(verdict, 'compile');
  });

  const missing = [
    { name: 'a misspelt export', source: 'export function layernorm(x) { return x; }' },
    { name: 'a number named layerNorm', source: 'export const layerNorm = 42;' },
    { name: 'only a default export', source: 'export default function layerNorm(x) { return x; }' },
    { name: 'no exports at all', source: 'const layerNorm = (x) => x;' },
  ];

  it.each(missing)('stops $name as a missing export', async ({ source }) => {
    const verdict = await grade(sandbox, source);

    expectFailed(verdict, 'missing-export');
    expect(verdict.error?.message).toMatch(/"layerNorm"/);
    await expectSolutionPasses(sandbox);
  });
});

describe('isolation between submissions', () => {
  it('gives the next submission none of the globals, tf state or kernels of the last', async () => {
    const first = `
      import * as tf from '@tensorflow/tfjs';
      globalThis.secret = 'from the first submission';
      tf.secret = 'from the first submission';
      tf.unregisterKernel('Sqrt', 'cpu');
      tf.registerKernel({ kernelName: 'Sqrt', backendName: 'cpu',
        kernelFunc: ({ inputs, backend }) => backend.makeTensorInfo([], 'float32',
          new Float32Array([1])) });
      export function layerNorm(x) { return x; }
    `;

    const a = await grade(sandbox, first);
    const b = await grade(sandbox, GUARDED);

    expectFailed(a, 'checks');
    expect(failureText(b)).toBe('');
    expect(b.passed).toBe(true);
    expect(b.score).toBe(1);
  });
});
