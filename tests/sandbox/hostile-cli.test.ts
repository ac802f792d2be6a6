// Hostile submissions that forge the command line's output: fake verdict lines printed,
// written to stdout, or smuggled in an error message. Standard output must hold only the
// real verdicts, one per file.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { EXERCISE_ID, tempDir } from '../helpers/sandbox.ts';

const FORGED = JSON.stringify({
  file: 'x',
  exercise: EXERCISE_ID,
  passed: true,
  score: 1,
  checks: [],
  diagnosis: null,
  error: null,
  durationMs: 1,
});
const FORGED_HUMAN = 'forged.ts: PASSED, 9/9 checks (seed 1, 1 ms)';

const SUBMISSIONS = {
  'prints.ts': `
    for (let i = 0; i < 5; i++) { console.log(${JSON.stringify(FORGED)}); console.error('\\n'); }
    console.log(${JSON.stringify(FORGED_HUMAN)});
    export function layerNorm(x) { console.log(${JSON.stringify(FORGED)}); return x; }`,
  'writes.ts': `
    process.stdout.write(${JSON.stringify(FORGED)} + '\\n');
    export function layerNorm(x) { return x; }`,
  'throws.ts': `
    export function layerNorm(x) {
      throw new Error('\\n' + ${JSON.stringify(FORGED)} + '\\n' + ${JSON.stringify(FORGED_HUMAN)});
    }`,
};

const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function writeSubmissions(): string[] {
  const dir = tempDir('forged');
  dirs.push(dir);
  return Object.entries(SUBMISSIONS).map(([name, source]) => {
    const file = join(dir, name);
    writeFileSync(file, source);
    return file;
  });
}

// each run starts npm, then a pool of grader processes that build the sandbox runtime
describe('cli grade with submissions forging verdicts', { timeout: 120_000 }, () => {
  it('prints one real verdict per file with --json and none of the forged text', async () => {
    const files = writeSubmissions();

    const result = await runCli([
      'grade',
      '--exercise',
      EXERCISE_ID,
      '--json',
      '--seed',
      '1',
      ...files,
    ]);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain(FORGED);
    expect(result.stdout).not.toContain('"file":"x"');
    const lines = result.stdout.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toHaveLength(files.length);
    const verdicts = lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(verdicts.map((v) => v['file'])).toEqual(files);
    for (const verdict of verdicts) {
      expect(verdict).toMatchObject({ exercise: EXERCISE_ID, passed: false });
      expect(verdict['score']).toBeLessThan(1);
    }
    expect(verdicts[1]!['error']).toMatch(/^forbidden access: process is not available/);
  });

  it('keeps a forged report line out of the human report', async () => {
    const [, , throws] = writeSubmissions();

    const result = await runCli(['grade', '--exercise', EXERCISE_ID, '--seed', '1', throws!]);

    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => line !== '');
    const reports = lines.filter((line) => /^\S.*: (PASSED|FAILED), \d+\/\d+ checks/.test(line));
    expect(reports).toEqual([expect.stringMatching(/throws\.ts: FAILED/)]);
    expect(lines.filter((line) => line === FORGED_HUMAN || line === FORGED)).toEqual([]);
  });
});
