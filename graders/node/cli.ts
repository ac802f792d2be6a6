// The command line of ../shared/exercise-contract.md: `npm run --silent cli -- <command> ...`.
import { parseArgs } from 'node:util';
import { ARCHITECTURES, runForward } from '../models/index.ts';
import type { Architecture } from '../models/index.ts';
import { runCase } from '../reference/calls.ts';
import { readJsonObject, readSafetensors, writeSafetensors } from './files.ts';
import { NODE_BACKENDS, useBackend } from './tf-node.ts';
import type { NodeBackend } from './tf-node.ts';

const USAGE = `Attention Lab command line

Usage:
  npm run --silent cli -- forward --arch gpt|bert|swin --config <config.json> \\
      --weights <weights.safetensors> --inputs <inputs.safetensors> --out <outputs.safetensors>
  npm run --silent cli -- case --case <case.json> --inputs <inputs.safetensors> \\
      --out <outputs.safetensors>
  npm run --silent cli -- grade --exercise <id> [--json] [--csv <out.csv>] <file>...
  npm run --silent cli -- <command> --help

Commands:
  forward   Run a reference model (nanoGPT GPT, HuggingFace BertModel, official Swin) on a
            PyTorch state_dict and write its output as float32 safetensors: GPT "logits"
            [B, T, vocab], BERT "last_hidden_state" [B, T, hidden], Swin "logits" [B, classes].
  case      Run the reference functions of an exercise case: every entry of the case's
            "calls" ("fn(args) -> output") on the tensors of the inputs file.
  grade     Grade submissions of an exercise, each file on its own, in the sandbox the server
            uses, with fresh random inputs. --json prints one JSON object per file and line;
            --csv writes one row per file. Also: --lang en|zh (messages), --seed <n> (repeat
            a verdict), --workers <n>. Exit status 0 once every file has a verdict.
  exercises List the exercise ids.

Options:
  --backend cpu|wasm   TensorFlow.js backend (default cpu)
  -h, --help           Show this help

Exit status: 0 on success, 2 for bad usage or unreadable or ill-fitting input files
(the reason is printed on standard error), 1 for an unexpected failure.`;

/** Bad usage: printed with a pointer to --help, exit status 2. */
class UsageError extends Error {}

const OPTIONS = {
  arch: { type: 'string' },
  config: { type: 'string' },
  weights: { type: 'string' },
  inputs: { type: 'string' },
  out: { type: 'string' },
  case: { type: 'string' },
  backend: { type: 'string' },
  exercise: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'string' },
  lang: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type StringOption = Exclude<keyof typeof OPTIONS, 'help' | 'json'>;
type Options = Partial<Record<StringOption, string>> & { json?: boolean; files?: string[] };

async function forward(options: Options): Promise<void> {
  const arch = required(options, 'arch');
  if (!(ARCHITECTURES as readonly string[]).includes(arch)) {
    throw new UsageError(`--arch must be one of ${ARCHITECTURES.join(', ')}, got "${arch}"`);
  }
  const [config, weights, inputs] = await Promise.all([
    readJsonObject(required(options, 'config'), 'config'),
    readSafetensors(required(options, 'weights'), 'weights'),
    readSafetensors(required(options, 'inputs'), 'inputs'),
  ]);
  const out = required(options, 'out');
  await writeSafetensors(out, await runForward(arch as Architecture, config, weights, inputs));
}

async function runCaseCommand(options: Options): Promise<void> {
  const [spec, inputs] = await Promise.all([
    readJsonObject(required(options, 'case'), 'case'),
    readSafetensors(required(options, 'inputs'), 'inputs'),
  ]);
  const out = required(options, 'out');
  await writeSafetensors(out, await runCase(spec, inputs));
}

async function grade(options: Options): Promise<void> {
  const lang = options.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh')
    throw new UsageError(`--lang must be en or zh, got "${lang}"`);
  const files = options.files ?? [];
  if (files.length === 0) throw new UsageError('grade needs at least one file');
  // loaded on demand: forward and case need neither the exercises nor the sandbox
  const { gradeCommand } = await import('./grade-command.ts');
  await gradeCommand({
    exercise: required(options, 'exercise'),
    files,
    json: options.json === true,
    lang,
    ...(options.csv ? { csv: options.csv } : {}),
    ...(options.seed ? { seed: integerOption('seed', options.seed, 0, 2 ** 32 - 1) } : {}),
    ...(options.workers ? { workers: integerOption('workers', options.workers, 1, 64) } : {}),
  });
}

async function listExercises(): Promise<void> {
  const { EXERCISES } = await import('../exercises/index.ts');
  for (const e of EXERCISES) console.log(`${e.id}\t${e.title.en} / ${e.title.zh}`);
}

function integerOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

// Commands that take files as positional arguments.
const TAKES_FILES = new Set(['grade']);

const COMMANDS: Record<string, (options: Options) => Promise<void>> = {
  forward,
  case: runCaseCommand,
  grade,
  exercises: listExercises,
};

function required(options: Options, name: StringOption): string {
  const value = options[name];
  if (value === undefined || value === '') throw new UsageError(`missing --${name}`);
  return value;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

// Errors that mean "the input was wrong", not "the program is broken".
const INPUT_ERRORS = new Set([
  'InputFileError',
  'ConfigError',
  'CheckpointError',
  'InputsError',
  'CaseError',
  'SafetensorsError',
]);

async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      console.log(USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${command}"`);
    if (rest.length > 0 && !TAKES_FILES.has(command)) {
      throw new UsageError(`unexpected argument "${rest[0]}"`);
    }
    const backend = values.backend ?? 'cpu';
    if (!(NODE_BACKENDS as readonly string[]).includes(backend)) {
      throw new UsageError(`--backend must be one of ${NODE_BACKENDS.join(', ')}`);
    }
    await useBackend(backend as NodeBackend);
    await run({ ...values, files: rest });
    return 0;
  } catch (error) {
    const err = error as Error;
    if (error instanceof UsageError) {
      console.error(`cli: ${err.message}\nRun "npm run cli -- --help" for usage.`);
      return 2;
    }
    if (INPUT_ERRORS.has(err.name)) {
      console.error(`cli: ${err.message}`);
      return 2;
    }
    console.error(`cli: unexpected failure: ${err.stack ?? err.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
