import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { ROOT } from './helpers/fixtures.ts';

// Submissions written as other learners would, outside the project's own solutions and
// mistakes: tests/submissions/<exercise id with "/" as "__">/{correct,wrong}-*.ts.
const SUBMISSIONS = join(ROOT, 'tests/submissions');

interface Verdict {
  file: string;
  exercise: string;
  passed: boolean;
  score: number;
  checks: { name: string; passed: boolean; message: string }[];
  diagnosis: string | null;
  error: string | null;
}

const folders = readdirSync(SUBMISSIONS)
  .filter((name) => statSync(join(SUBMISSIONS, name)).isDirectory())
  .sort()
  .map((name) => {
    const dir = join(SUBMISSIONS, name);
    const files = readdirSync(dir)
      .filter((f) => /^(correct|wrong)-.*\.ts$/.test(f))
      .sort()
      .map((f) => join(dir, f));
    return { id: name.replace('__', '/'), files };
  });

/** What went wrong with one verdict, for a readable failure. */
function explain(v: Verdict): string {
  const failed = v.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`);
  return `passed=${v.passed} score=${v.score} error=${v.error}\n  ${failed.join('\n  ')}`;
}

describe('grading submissions written in other styles', () => {
  it('has submissions to grade', () => {
    expect(folders.length).toBeGreaterThan(0);
    for (const { files } of folders) {
      expect(files.some((f) => f.includes('/correct-'))).toBe(true);
      expect(files.some((f) => f.includes('/wrong-'))).toBe(true);
    }
  });

  it.each(folders)(
    'gives right verdicts on $id submissions written in other styles',
    async ({ id, files }) => {
      const result = await runCli(['grade', '--exercise', id, '--json', ...files]);

      expect(result.code, result.stderr).toBe(0);
      const verdicts = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Verdict);
      expect(verdicts.map((v) => v.file)).toEqual(files);

      const wrongVerdicts: string[] = [];
      for (const v of verdicts) {
        const name = v.file.slice(v.file.lastIndexOf('/') + 1);
        expect(v.exercise).toBe(id);
        if (name.startsWith('correct-')) {
          if (!(v.passed && v.score === 1 && v.error === null)) {
            wrongVerdicts.push(`${name} (correct) was rejected: ${explain(v)}`);
          }
        } else if (v.passed) {
          wrongVerdicts.push(`${name} (wrong) passed: ${explain(v)}`);
        }
      }
      expect(wrongVerdicts).toEqual([]);
    },
    120_000,
  );
});
