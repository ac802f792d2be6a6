import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { EXERCISES, findExercise } from '../exercises/index.ts';
import type { Lang, Verdict } from '../grading/types.ts';
import { toCsv } from './csv.ts';
import { InputFileError } from './files.ts';
import { GraderPool } from './sandbox/pool.ts';

export interface GradeCommandOptions {
  exercise: string;
  files: string[];
  json: boolean;
  csv?: string;
  lang: Lang;
  seed?: number;
  workers?: number;
}

const ERROR_LABELS = {
  compile: 'compile error',
  runtime: 'runtime error',
  'missing-export': 'missing export',
  'time-limit': 'time limit',
  'memory-limit': 'memory limit',
  'log-limit': 'log limit',
  forbidden: 'forbidden access',
  crash: 'grader failure',
} as const;

/** The contract's JSON line for one file. */
export function verdictJson(file: string, v: Verdict, lang: Lang) {
  return {
    file,
    exercise: v.exercise,
    passed: v.passed,
    score: v.score,
    checks: v.checks.map((c) => ({
      name: c.name[lang],
      passed: c.passed,
      message: c.message[lang],
    })),
    diagnosis: v.diagnosis ? `${v.diagnosis.title[lang]}: ${v.diagnosis.hint[lang]}` : null,
    error: v.error ? `${ERROR_LABELS[v.error.kind]}: ${v.error.message}` : null,
    durationMs: v.durationMs,
    seed: v.seed,
    graderVersion: v.graderVersion,
  };
}

/** One line of text: a submission's message must not start new lines in the report. */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ⏎ ');

function humanReport(file: string, v: Verdict, lang: Lang): string {
  const raw = verdictJson(file, v, lang);
  const json = {
    ...raw,
    error: raw.error === null ? null : oneLine(raw.error),
    diagnosis: raw.diagnosis === null ? null : oneLine(raw.diagnosis),
    checks: raw.checks.map((c) => ({ ...c, name: oneLine(c.name), message: oneLine(c.message) })),
  };
  file = oneLine(file);
  const passedCount = v.checks.filter((c) => c.passed).length;
  const status = v.passed ? 'PASSED' : 'FAILED';
  const lines = [
    `${file}: ${status}, ${passedCount}/${v.checks.length} checks (seed ${v.seed}, ${v.durationMs} ms)`,
  ];
  if (json.error) lines.push(`  error: ${json.error}`);
  for (const c of json.checks) lines.push(`  ${c.passed ? '✓' : '✗'} ${c.name}: ${c.message}`);
  if (json.diagnosis) lines.push(`  diagnosis: ${json.diagnosis}`);
  return lines.join('\n');
}

const CSV_HEADER = [
  'file',
  'exercise',
  'passed',
  'score',
  'error',
  'diagnosis',
  'failed_checks',
  'seed',
  'grader_version',
  'duration_ms',
];

function csvRow(file: string, v: Verdict, lang: Lang) {
  const json = verdictJson(file, v, lang);
  const failed = json.checks
    .filter((c) => !c.passed)
    .map((c) => c.name)
    .join('; ');
  return [
    file,
    v.exercise,
    v.passed,
    v.score,
    json.error,
    json.diagnosis,
    failed,
    v.seed,
    v.graderVersion,
    v.durationMs,
  ];
}

/** Reads every file first, so that an unreadable one stops the command before any grading. */
async function readAll(files: string[]): Promise<string[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code;
        throw new InputFileError(`cannot read submission "${file}": ${reason}`);
      }
    }),
  );
}

/**
 * `cli grade`: grades every file on its own, in parallel on a warm pool of sandboxes, and
 * prints one verdict per file (JSON lines with --json), in the order given.
 */
export async function gradeCommand(options: GradeCommandOptions): Promise<void> {
  if (!findExercise(options.exercise)) {
    const known = EXERCISES.map((e) => e.id).join(', ');
    throw new InputFileError(`unknown exercise "${options.exercise}" (known: ${known})`);
  }
  const sources = await readAll(options.files);
  const workers = options.workers ?? Math.min(options.files.length, availableParallelism());
  const pool = new GraderPool({ workers });
  try {
    const verdicts = sources.map((source) => pool.grade(options.exercise, source, options.seed));
    for (const [i, pending] of verdicts.entries()) {
      const verdict = await pending;
      const file = options.files[i]!;
      const line = options.json
        ? JSON.stringify(verdictJson(file, verdict, options.lang))
        : humanReport(file, verdict, options.lang);
      process.stdout.write(`${line}\n`);
    }
    if (options.csv) {
      const rows = await Promise.all(
        verdicts.map(async (v, i) => csvRow(options.files[i]!, await v, options.lang)),
      );
      await writeFile(options.csv, toCsv(CSV_HEADER, rows));
    }
  } finally {
    await pool.close();
  }
}
