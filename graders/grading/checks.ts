import * as tf from '@tensorflow/tfjs-core';
import { parseSafetensors } from '../checkpoint/safetensors.ts';
import { runForward } from '../models/index.ts';
import type { ModelParts } from '../models/index.ts';
import { randomModel } from '../models/random-init.ts';
import { compareOutputs, outputToTensor, toOutput } from './compare.ts';
import { GradingAbort } from './abort.ts';
import { describeError } from './in-process.ts';
import { createRng } from './random.ts';
import type {
  Arg,
  CheckResult,
  Exercise,
  Integration,
  Output,
  SubmissionRunner,
  Text,
  ValueCase,
} from './types.ts';

/** The learner's result on one value case: an output, or the message of what went wrong. */
export type CaseRecord = { output: Output } | { error: string };

export interface CheckRun {
  checks: CheckResult[];
  /** One record per value case, in order, for the diagnosis. */
  records: CaseRecord[];
  cases: ValueCase[];
}

const failed = (name: Text, en: string, zh = en): CheckResult => ({
  name,
  passed: false,
  message: { en, zh },
});

/**
 * Runs an exercise's checks on a submission: every value case (shape, dtype, values), every
 * property, every model integration. Inputs are drawn from `seed`; expected values come from
 * the references in this (trusted) process.
 */
export async function runChecks(
  exercise: Exercise,
  runner: SubmissionRunner,
  seed: number,
  tolerance = exercise.tolerance,
): Promise<CheckRun> {
  const rng = createRng(seed);
  const cases = exercise.cases(rng);
  const checks: CheckResult[] = [];
  const records: CaseRecord[] = [];
  try {
    for (const c of cases) {
      const { check, record } = await runValueCase(exercise, runner, c, tolerance);
      checks.push(check);
      records.push(record);
    }
    for (const property of exercise.properties) {
      checks.push(await runProperty(property, runner, rng, tolerance));
    }
    for (const integration of exercise.integrations) {
      checks.push(await runIntegration(integration, runner, rng.int(0, 2 ** 31), tolerance));
    }
  } catch (error) {
    disposeCases(cases);
    throw error;
  }
  return { checks, records, cases };
}

/** Frees the tensors of the drawn cases, once the diagnosis no longer needs them. */
export function disposeCases(cases: ValueCase[]): void {
  tf.dispose(cases.flatMap((c) => c.args.flatMap(tensorsOf)));
}

function tensorsOf(arg: unknown): tf.Tensor[] {
  if (arg instanceof tf.Tensor) return [arg];
  if (arg && typeof arg === 'object') return Object.values(arg).flatMap(tensorsOf);
  return [];
}

/** The reference's output for a case (trusted code). */
export async function expectedOutput(exercise: Exercise, c: ValueCase): Promise<Output> {
  const fn = exercise.reference[c.fn];
  if (!fn) throw new Error(`exercise ${exercise.id} has no reference for ${c.fn}`);
  const engine = tf.engine();
  engine.startScope();
  try {
    return await toOutput(await (fn as (...a: unknown[]) => tf.Tensor)(...c.args));
  } finally {
    engine.endScope();
  }
}

async function runValueCase(
  exercise: Exercise,
  runner: SubmissionRunner,
  c: ValueCase,
  tolerance: number,
): Promise<{ check: CheckResult; record: CaseRecord }> {
  const want = await expectedOutput(exercise, c);
  let got: Output;
  try {
    got = await runner.call(c.fn, c.args);
  } catch (error) {
    if (error instanceof GradingAbort) throw error;
    const message = describeError(error).replace(/^SubmissionCallError: /, '');
    return { check: failed(c.name, message), record: { error: message } };
  }
  const comparison = compareOutputs(got, want, (c.tolerance ?? 1) * tolerance, c.kind);
  return {
    check: { name: c.name, passed: comparison.passed, message: comparison.message },
    record: { output: got },
  };
}

async function runProperty(
  property: Exercise['properties'][number],
  runner: SubmissionRunner,
  rng: ReturnType<typeof createRng>,
  tolerance: number,
): Promise<CheckResult> {
  // a property makes its own inputs: one engine scope frees whatever it leaves
  const engine = tf.engine();
  engine.startScope();
  try {
    const result = await property.run({
      rng,
      tolerance,
      call: (fn, args) => runner.call(fn, args),
    });
    return { name: property.name, ...result };
  } catch (error) {
    if (error instanceof GradingAbort) throw error;
    const message = describeError(error).replace(/^SubmissionCallError: /, '');
    return failed(property.name, message);
  } finally {
    engine.endScope();
  }
}

const MODEL_NAMES = { gpt: 'GPT', bert: 'BERT', swin: 'Swin Transformer' } as const;

/**
 * The model's parts, each calling the learner's function through the runner: the model runs
 * here, with the references for everything else; only the learner's functions run there.
 */
function proxiedParts(
  runner: SubmissionRunner,
  parts: Record<string, string>,
): Partial<ModelParts> {
  const entries = Object.entries(parts).map(([part, fn]) => {
    const proxy = async (...args: Arg[]) => outputToTensor(await runner.call(fn, args));
    return [part, proxy] as const;
  });
  return Object.fromEntries(entries) as Partial<ModelParts>;
}

async function modelOutput(
  random: ReturnType<typeof randomModel>,
  parts: Partial<ModelParts> = {},
): Promise<Output> {
  const weights = parseSafetensors(random.weights);
  const inputs = parseSafetensors(random.inputs);
  const result = await runForward(random.arch, random.config, weights, inputs, parts);
  const out = Object.values(result)[0]!;
  return { shape: out.shape, dtype: 'float32', values: out.data as Float32Array };
}

async function runIntegration(
  integration: Integration,
  runner: SubmissionRunner,
  seed: number,
  tolerance: number,
): Promise<CheckResult> {
  const model = MODEL_NAMES[integration.arch];
  const name = {
    en: `plugged into the reference ${model}, gives the model's outputs`,
    zh: `放进参考 ${model} 模型后，模型输出一致`,
  };
  const random = randomModel(integration.arch, seed, integration.config ?? {});
  const want = await modelOutput(random);
  try {
    const got = await modelOutput(random, proxiedParts(runner, integration.parts));
    const comparison = compareOutputs(got, want, tolerance);
    const prefix = { en: `${model} outputs: `, zh: `${model} 输出：` };
    return {
      name,
      passed: comparison.passed,
      message: comparison.passed
        ? comparison.message
        : { en: prefix.en + comparison.message.en, zh: prefix.zh + comparison.message.zh },
    };
  } catch (error) {
    if (error instanceof GradingAbort) throw error;
    const message = describeError(error).replace(/^(SubmissionCallError|PartOutputError): /, '');
    return failed(name, `${model}: ${message}`, `${model}：${message}`);
  }
}
