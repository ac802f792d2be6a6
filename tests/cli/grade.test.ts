import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseDir } from '../../graders/node/exercise-files.ts';
import { runCli } from '../helpers/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'attention-lab-grade-'));
const layerNorm = exerciseDir('transformer/layer-norm');
const solution = join(layerNorm, 'solution.ts');
const starter = join(layerNorm, 'starter.ts');
const eps = join(layerNorm, 'mistakes', 'eps-outside-sqrt.ts');

const CONTRACT_KEYS = [
  'checks',
  'diagnosis',
  'durationMs',
  'error',
  'exercise',
  'file',
  'passed',
  'score',
];

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('cli grade --json', () => {
  it('prints one contract verdict per file, in the order given, and nothing else', async () => {
    const result = await runCli([
      'grade',
      '--exercise',
      'transformer/layer-norm',
      '--json',
      starter,
      solution,
      eps,
    ]);

    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l['file'])).toEqual([starter, solution, eps]);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(CONTRACT_KEYS));
      expect(typeof line['score']).toBe('number');
      expect(Array.isArray(line['checks'])).toBe(true);
    }
    expect(lines.map((l) => l['passed'])).toEqual([false, true, false]);
    expect(lines[1]!['score']).toBe(1);
    expect(lines[2]!['diagnosis']).toMatch(/^eps outside the square root: /);
    expect(lines[0]!['error']).toBeNull();
  });

  it('gives the same verdict for the same --seed', async () => {
    const args = [
      'grade',
      '--exercise',
      'transformer/layer-norm',
      '--json',
      '--seed',
      '42',
      starter,
    ];

    const [a, b] = await Promise.all([runCli(args), runCli(args)]);

    const strip = (l: Record<string, unknown>) => ({ ...l, durationMs: 0 });
    expect(strip(jsonLines(a.stdout)[0]!)).toEqual(strip(jsonLines(b.stdout)[0]!));
    expect(jsonLines(a.stdout)[0]!['seed']).toBe(42);
  });

  it('names a compile error in the verdict and still exits 0', async () => {
    const broken = join(work, 'broken.ts');
    writeFileSync(broken, 'export function layerNorm(x { return x }');

    const result = await runCli([
      'grade',
      '--exercise',
      'transformer/layer-norm',
      '--json',
      broken,
    ]);

    expect(result.code).toBe(0);
    const [line] = jsonLines(result.stdout);
    expect(line!['passed']).toBe(false);
    expect(line!['error']).toMatch(/^compile error: .*line 1/);
  });
});

describe('cli grade --csv', () => {
  it('writes one row per file, quoting what needs quoting', async () => {
    const out = join(work, 'grades.csv');
    const odd = join(work, 'zhang, "san" 张三.ts');
    writeFileSync(odd, readFileSync(eps, 'utf8'));

    const result = await runCli([
      'grade',
      '--exercise',
      'transformer/layer-norm',
      '--csv',
      out,
      solution,
      odd,
    ]);

    expect(result.code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('\uFEFFfile,exercise,passed,score,error,diagnosis,')).toBe(true);
    const rows = csv.trim().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(`${solution},transformer/layer-norm,true,1,`);
    expect(rows[2]!.startsWith(`"${odd.replace(/"/g, '""')}",transformer/layer-norm,false,`)).toBe(
      true,
    );
  });
});

describe('cli grade usage', () => {
  it('exits 2 for an unknown exercise, naming the known ones', async () => {
    const result = await runCli(['grade', '--exercise', 'attention/flash', solution]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /unknown exercise "attention\/flash" \(known: .*transformer\/layer-norm/,
    );
    expect(result.stdout).toBe('');
  });

  it('exits 2 for an unreadable file before grading anything', async () => {
    const result = await runCli([
      'grade',
      '--exercise',
      'transformer/layer-norm',
      '--json',
      solution,
      '/nope.ts',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read submission "\/nope\.ts": no such file/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 without files or with a bad option value', async () => {
    const none = await runCli(['grade', '--exercise', 'transformer/layer-norm']);
    const lang = await runCli([
      'grade',
      '--exercise',
      'transformer/layer-norm',
      '--lang',
      'fr',
      solution,
    ]);

    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/at least one file/);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toMatch(/--lang must be en or zh/);
  });
});
