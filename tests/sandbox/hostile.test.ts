// Hostile submissions that reach for the host: its files, its processes, its network, its
// `process`. Each is graded in a real sandbox; nothing outside may change, the verdict fails,
// and the real solution graded next in the same Sandbox object still passes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradingErrorKind } from '../../graders/grading/types.ts';
import { Sandbox } from '../../graders/node/sandbox/isolate.ts';
import { useBackend } from '../../graders/node/tf-node.ts';
import {
  countingServer,
  expectFailed,
  expectSolutionPasses,
  expectUntouched,
  failureText,
  fill,
  grade,
  tempDir,
} from '../helpers/sandbox.ts';
import type { ListeningServer } from '../helpers/sandbox.ts';

interface HostileCase {
  name: string;
  source: string;
  /** The error that stops grading, or 'checks' when it is graded to the end and fails. */
  kind: GradingErrorKind | 'checks';
  /** What the verdict tells the learner. */
  says: RegExp;
}

const REFUSED_IMPORT = /only @tensorflow\/tfjs can be imported/;
// the isolate has no module loader: import() rejects with V8's own message
const NO_DYNAMIC_IMPORT = /threw Error: Not supported/;
const NOT_AVAILABLE = (name: string) => new RegExp(`${name} is not (available|defined)`);

const sandbox = new Sandbox();

beforeAll(async () => {
  await useBackend('cpu');
  await expectSolutionPasses(sandbox);
});

afterAll(() => {
  sandbox.discard();
});

describe('a submission writing files', () => {
  const cases: HostileCase[] = [
    {
      name: 'a static import of fs at top level',
      source: `import { writeFileSync } from 'fs';\nwriteFileSync(__MARKER__, 'x');\n`,
      kind: 'forbidden',
      says: REFUSED_IMPORT,
    },
    {
      name: 'node:fs/promises inside the function',
      source: `import { writeFile } from 'node:fs/promises';
        export async function layerNorm(x) { await writeFile(__MARKER__, 'x'); return x; }`,
      kind: 'forbidden',
      says: REFUSED_IMPORT,
    },
    {
      name: "require('fs')",
      source: `require('fs').writeFileSync(__MARKER__, 'x');\n`,
      kind: 'forbidden',
      says: REFUSED_IMPORT,
    },
    {
      name: 'process.mainModule.require',
      source: `export function layerNorm(x) {
          process.mainModule.require('fs').writeFileSync(__MARKER__, 'x');
          return x;
        }`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('process'),
    },
    {
      name: 'Deno.writeTextFileSync',
      source: `Deno.writeTextFileSync(__MARKER__, 'x');\n`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('Deno'),
    },
    {
      name: 'Bun.write',
      source: `export async function layerNorm(x) { await Bun.write(__MARKER__, 'x'); return x; }`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('Bun'),
    },
    {
      name: "a dynamic import('fs')",
      source: `export async function layerNorm(x) {
          const fs = await import('fs');
          fs.writeFileSync(__MARKER__, 'x');
          return x;
        }`,
      kind: 'checks',
      says: NO_DYNAMIC_IMPORT,
    },
    {
      name: "tf.io's file:// save handlers",
      source: `import * as tf from '@tensorflow/tfjs';
        export async function layerNorm(x) {
          const handlers = tf.io.getSaveHandlers('file://' + __MARKER__);
          for (const h of handlers) await h.save({ modelTopology: {}, weightSpecs: [] });
          if (handlers.length === 0) throw new Error('no file:// save handler');
          return x;
        }`,
      kind: 'checks',
      says: /no file:\/\/ save handler/,
    },
  ];

  it.each(cases)('contains a submission that writes a file with $name', async (c) => {
    const dir = tempDir('write');
    const marker = join(dir, 'written.txt');

    const verdict = await grade(sandbox, fill(c.source, { MARKER: marker }));

    expectUntouched(dir, marker);
    expectFailed(verdict, c.kind);
    expect(failureText(verdict)).toMatch(c.says);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission reading files', () => {
  const LEAK = `(text) => { console.log(String(text)); throw new Error(String(text)); }`;
  const cases: HostileCase[] = [
    {
      name: 'a static import of fs',
      source: `import { readFileSync } from 'fs';
        (${LEAK})(readFileSync('/etc/passwd', 'utf8'));\n`,
      kind: 'forbidden',
      says: REFUSED_IMPORT,
    },
    {
      name: "require('fs') inside the function",
      source: `export function layerNorm(x) {
          (${LEAK})(require('fs').readFileSync('/etc/passwd', 'utf8'));
        }`,
      kind: 'forbidden',
      says: REFUSED_IMPORT,
    },
    {
      name: "process.binding('fs')",
      source: `(${LEAK})(process.binding('fs').readFileUtf8('/etc/passwd', 0));\n`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('process'),
    },
    {
      name: "a dynamic import('node:fs/promises')",
      source: `export async function layerNorm(x) {
          const fs = await import('node:fs/promises');
          (${LEAK})(await fs.readFile('/etc/passwd', 'utf8'));
        }`,
      kind: 'checks',
      says: NO_DYNAMIC_IMPORT,
    },
    {
      name: "tf.util.fetch('file:///etc/passwd')",
      source: `import * as tf from '@tensorflow/tfjs';
        export async function layerNorm(x) {
          (${LEAK})(await (await tf.util.fetch('file:///etc/passwd')).text());
        }`,
      kind: 'forbidden',
      says: /the network is not available/,
    },
  ];

  it.each(cases)('contains a submission that reads /etc/passwd with $name', async (c) => {
    const verdict = await grade(sandbox, c.source);

    expect(JSON.stringify(verdict)).not.toMatch(/root:/);
    expectFailed(verdict, c.kind);
    expect(failureText(verdict)).toMatch(c.says);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission starting processes', () => {
  const cases: HostileCase[] = [
    {
      name: "child_process.execSync('touch ...')",
      source: `import { execSync } from 'child_process';\nexecSync('touch ' + __MARKER__);\n`,
      kind: 'forbidden',
      says: REFUSED_IMPORT,
    },
    {
      name: "require('child_process') inside the function",
      source: `export function layerNorm(x) {
          require('child_process').spawnSync('touch', [__MARKER__]);
          return x;
        }`,
      kind: 'forbidden',
      says: REFUSED_IMPORT,
    },
    {
      name: "process.binding('spawn_sync')",
      source: `const args = ['touch', __MARKER__];
        process.binding('spawn_sync').spawn({ file: 'touch', args });\n`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('process'),
    },
    {
      name: 'a Function constructor returning process',
      source: `const p = globalThis.constructor.constructor('return process')();
        p.mainModule.require('child_process').execSync('touch ' + __MARKER__);\n`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('process'),
    },
  ];

  it.each(cases)('contains a submission that runs $name', async (c) => {
    const dir = tempDir('spawn');
    const marker = join(dir, 'touched');

    const verdict = await grade(sandbox, fill(c.source, { MARKER: marker }));

    expectUntouched(dir, marker);
    expectFailed(verdict, c.kind);
    expect(failureText(verdict)).toMatch(c.says);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission opening connections', () => {
  let server: ListeningServer;

  beforeAll(async () => {
    server = await countingServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const URL = `'http://127.0.0.1:' + __PORT__ + '/model.json'`;
  const NETWORK_OFF = /the network is not available/;
  const inFunction = (body: string) =>
    `import * as tf from '@tensorflow/tfjs';
     export async function layerNorm(x) { ${body}; return x; }`;
  const cases: HostileCase[] = [
    { name: 'fetch at top level', source: `fetch(${URL});\n`, kind: 'forbidden', says: /fetch/ },
    {
      name: 'fetch inside the function',
      source: inFunction(`await fetch(${URL})`),
      kind: 'forbidden',
      says: NOT_AVAILABLE('fetch'),
    },
    {
      name: 'XMLHttpRequest',
      source: `const r = new XMLHttpRequest(); r.open('GET', ${URL}); r.send();\n`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('XMLHttpRequest'),
    },
    {
      name: 'WebSocket',
      source: `new WebSocket('ws://127.0.0.1:' + __PORT__);\n`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('WebSocket'),
    },
    {
      name: "a dynamic import('http')",
      source: inFunction(`const http = await import('http'); http.get(${URL})`),
      kind: 'checks',
      says: NO_DYNAMIC_IMPORT,
    },
    {
      name: "require('net').connect",
      source: `require('net').connect(__PORT__, '127.0.0.1');\n`,
      kind: 'forbidden',
      says: REFUSED_IMPORT,
    },
    {
      name: 'tf.io.http(...).load()',
      source: inFunction(`await tf.io.http(${URL}).load()`),
      kind: 'forbidden',
      says: NETWORK_OFF,
    },
    {
      name: 'tf.loadLayersModel',
      source: inFunction(`await tf.loadLayersModel(${URL})`),
      kind: 'checks',
      says: /loadLayersModel is not a function/,
    },
    {
      name: 'tf.loadGraphModel',
      source: inFunction(`await tf.loadGraphModel(${URL})`),
      kind: 'checks',
      says: /loadGraphModel is not a function/,
    },
    {
      name: 'tf.util.fetch',
      source: inFunction(`await tf.util.fetch(${URL})`),
      kind: 'forbidden',
      says: NETWORK_OFF,
    },
    {
      name: "the platform's own fetch",
      source: inFunction(`await tf.env().platform.fetch(${URL})`),
      kind: 'forbidden',
      says: NETWORK_OFF,
    },
    {
      name: 'navigator.sendBeacon',
      source: `navigator.sendBeacon(${URL}, 'x');\n`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('navigator'),
    },
    {
      name: 'importScripts',
      source: `importScripts(${URL});\n`,
      kind: 'forbidden',
      says: NOT_AVAILABLE('importScripts'),
    },
  ];

  it.each(cases)('contains a submission that connects with $name', async (c) => {
    const verdict = await grade(sandbox, fill(c.source, { PORT: server.port }));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(server.connections()).toBe(0);
    expectFailed(verdict, c.kind);
    expect(failureText(verdict)).toMatch(c.says);
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission ending the process', () => {
  const inFunction = (body: string) => `export function layerNorm(x) { ${body}; return x; }`;
  const cases = [
    { name: 'process.exit(1) at top level', source: `process.exit(1);\n` },
    { name: 'process.kill(process.pid) at top level', source: `process.kill(process.pid);\n` },
    { name: 'process.abort() at top level', source: `process.abort();\n` },
    { name: 'process.exit(1) inside the function', source: inFunction('process.exit(1)') },
    {
      name: "process.kill(process.pid, 'SIGKILL') inside the function",
      source: inFunction("process.kill(process.pid, 'SIGKILL')"),
    },
    {
      name: 'process.exit reached through a Function constructor',
      source: inFunction("(function () {}).constructor('return process')().exit(1)"),
    },
  ];

  it.each(cases)('stops a submission that calls $name as forbidden', async (c) => {
    const verdict = await grade(sandbox, c.source);

    expectFailed(verdict, 'forbidden');
    expect(verdict.error?.message).toMatch(NOT_AVAILABLE('process'));
    expect(process.exitCode).toBeUndefined();
    await expectSolutionPasses(sandbox);
  });
});

describe('a submission escaping through constructors and stacks', () => {
  // Collects every object a submission can reach by the known tricks, and tries to use any
  // that looks like Node's `process` or `require`; logs what it reached.
  const SEARCH = `
    import * as tf from '@tensorflow/tfjs';
    const isProcess = (p) => !!p && typeof p.exit === 'function' && typeof p.pid === 'number';
    const isRequire = (r) =>
      typeof r === 'function' && typeof r.resolve === 'function' && typeof r.cache === 'object';
    const reached = [];
    function inspect(label, value) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
      const found = [value];
      for (const key of ['process', 'require', 'global', 'mainModule']) {
        try { found.push(value[key]); } catch (e) {}
      }
      for (const v of found) {
        if (!isProcess(v) && !isRequire(v)) continue;
        reached.push(label);
        const load = isRequire(v) ? v : v.mainModule.require;
        load('fs').writeFileSync(__MARKER__, label);
      }
    }
    function frames() {
      const saved = Error.prepareStackTrace;
      const found = [];
      Error.prepareStackTrace = (e, sites) =>
        sites.map((s) => { found.push(s.getThis(), s.getFunction()); return ''; }).join('');
      new Error().stack;
      Error.prepareStackTrace = saved;
      return found;
    }
    function callers(f) {
      const found = [];
      try {
        for (let c = f.caller; c && found.length < 20; c = c.caller) found.push(c);
      } catch (e) {}
      return found;
    }
    function search(where) {
      const F = (function () {}).constructor;
      inspect(where + ' Function this', F('return this')());
      inspect(where + ' Function globalThis', F('return globalThis')());
      const G = (function* () {}).constructor;
      inspect(where + ' generator this', G('yield this')().next().value);
      inspect(where + ' indirect eval', (0, eval)('this'));
      inspect(where + ' constructor chain', globalThis.constructor.constructor('return this')());
      for (const v of frames()) inspect(where + ' stack frame', v);
      for (const v of callers(search)) inspect(where + ' caller', v);
      inspect(where + ' tf.env()', tf.env());
      inspect(where + ' tf.env().global', tf.env().global);
      inspect(where + ' tf.env().platform', tf.env().platform);
      inspect(where + ' tf.engine()', tf.engine());
      inspect(where + ' tf.backend()', tf.backend());
      for (const key of Object.getOwnPropertyNames(globalThis)) {
        try { inspect(where + ' globalThis.' + key, globalThis[key]); } catch (e) {}
      }
      console.log(where + ' reached: ' + JSON.stringify(reached));
      console.log(where + ' stack: ' + new Error().stack);
    }
    search('load');
    let calls = 0;
    export async function layerNorm(x) {
      if (calls++ === 0) search('call');
      inspect('async Function', await (async () => {}).constructor('return globalThis')());
      return x;
    }
  `;

  it('contains a submission searching constructors, stack frames and tf objects', async () => {
    const dir = tempDir('escape');
    const marker = join(dir, 'escaped');

    const verdict = await grade(sandbox, fill(SEARCH, { MARKER: marker }));

    expectUntouched(dir, marker);
    expectFailed(verdict, 'checks');
    expect(verdict.logs).toContain('load reached: []');
    expect(verdict.logs).toContain('call reached: []');
    const stacks = verdict.logs.filter((line) => line.includes(' stack: '));
    expect(stacks.length).toBeGreaterThan(1);
    for (const stack of stacks) expect(stack).not.toMatch(/\/work\/|node:internal|\.ts:\d/);
    await expectSolutionPasses(sandbox);
  });

  it("shows a submission only the sandbox's own platform in tf.env()", async () => {
    const source = `
      import * as tf from '@tensorflow/tfjs';
      const env = tf.env();
      console.log(JSON.stringify({
        platform: env.platformName,
        node: env.getBool('IS_NODE'),
        process: typeof env.global.process,
        require: typeof env.global.require,
        fetch: String(env.platform.fetch).includes('network is not available'),
      }));
    `;

    const verdict = await grade(sandbox, source);

    expectFailed(verdict, 'checks');
    expect(JSON.parse(verdict.logs[0]!)).toEqual({
      platform: 'sandbox',
      node: false,
      process: 'undefined',
      require: 'undefined',
      fetch: true,
    });
    await expectSolutionPasses(sandbox);
  });

  it('hides the runtime global from the submission once the harness is taken', async () => {
    // bundle.ts: "The global the runtime bundle sets; the host reads it once and deletes it."
    const source = `console.log(typeof globalThis.__attentionLabRuntime);\n`;

    const verdict = await grade(sandbox, source);

    expectFailed(verdict, 'checks');
    expect(verdict.logs).toEqual(['undefined']);
  });
});

describe('a submission using timers and shared memory', () => {
  it('finds no timers, workers, shared memory or WebAssembly in the sandbox', async () => {
    const names = [
      'setTimeout',
      'setInterval',
      'setImmediate',
      'queueMicrotask',
      'requestAnimationFrame',
      'MessageChannel',
      'Worker',
      'SharedArrayBuffer',
      'Atomics',
      'WebAssembly',
    ];
    const source = `const names = ${JSON.stringify(names)};
      console.log(JSON.stringify(names.map((n) => typeof globalThis[n])));
      console.log(typeof (function () {}).constructor('return typeof WebAssembly')());\n`;

    const verdict = await grade(sandbox, source);

    expectFailed(verdict, 'checks');
    expect(JSON.parse(verdict.logs[0]!)).toEqual(names.map(() => 'undefined'));
    await expectSolutionPasses(sandbox);
  });

  const inFunction = (body: string) => `export function layerNorm(x) { ${body}; return x; }`;
  const cases: HostileCase[] = [
    {
      name: 'setTimeout at top level',
      source: 'setTimeout(() => {}, 0);\n',
      kind: 'forbidden',
      says: NOT_AVAILABLE('setTimeout'),
    },
    {
      name: 'setInterval inside the function',
      source: inFunction('setInterval(() => {}, 1)'),
      kind: 'forbidden',
      says: NOT_AVAILABLE('setInterval'),
    },
    {
      name: 'setImmediate inside the function',
      source: inFunction('setImmediate(() => {})'),
      kind: 'forbidden',
      says: NOT_AVAILABLE('setImmediate'),
    },
    {
      name: 'a queueMicrotask loop',
      source: inFunction('const loop = () => queueMicrotask(loop); loop()'),
      kind: 'checks',
      says: NOT_AVAILABLE('queueMicrotask'),
    },
    {
      name: 'Atomics.wait on a SharedArrayBuffer',
      source: inFunction('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)'),
      kind: 'checks',
      says: NOT_AVAILABLE('(Atomics|SharedArrayBuffer)'),
    },
    {
      name: 'a shared WebAssembly.Memory',
      source: inFunction('new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true })'),
      kind: 'checks',
      says: NOT_AVAILABLE('WebAssembly'),
    },
  ];

  it.each(cases)('refuses a submission that uses $name', async (c) => {
    const verdict = await grade(sandbox, c.source);

    expectFailed(verdict, c.kind);
    expect(failureText(verdict)).toMatch(c.says);
    await expectSolutionPasses(sandbox);
  });
});
