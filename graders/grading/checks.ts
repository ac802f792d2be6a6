import * as tf from '@tensorflow/tfjs-core';
import type { ModelParts } from '../models/index.ts';
import { GradingAbort } from './abort.ts';
import { compareOutputs, outputToTensor } from './compare.ts';
import { modelOutput, streamSeed } from './expectations.ts';
import type { Expectations } from './expectations.ts';
import { describeError } from './in-process.ts';
import { createRng } from './random.ts';
import type {
  Arg,
  CheckResult,
  ExerciseSpec,
  Integration,
  Output,
  Property,
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
}

const failed = (name: Text, en: string, zh = en): CheckResult => ({
  name,
  passed: false,
  message: { en, zh },
});

/** The message of an error from a learner's code, without our wrapper's name. */
function learnerMessage(error: unknown): string {
  return describeError(error).replace(/^(SubmissionCallError|PartOutputError): /, '');
}

/**
 * Runs an exercise's checks on a submission: every value case (shape, dtype, values), every
 * property, every model integration, against the given expectations.
 */
export async function runChecks(
  spec: ExerciseSpec,
  runner: SubmissionRunner,
  expectations: Expectations,
  tolerance = spec.tolerance,
): Promise<CheckRun> {
  const checks: CheckResult[] = [];
  const records: CaseRecord[] = [];
  for (const [i, c] of expectations.cases.entries()) {
    const { check, record } = await runValueCase(runner, c, expectations, i, tolerance);
    checks.push(check);
    records.push(record);
  }
  const rng = createRng(streamSeed(expectations.seed, 'properties'));
  for (const property of spec.properties) {
    checks.push(await runProperty(property, runner, rng, tolerance));
  }
  for (const [i, integration] of spec.integrations.entries()) {
    checks.push(await runIntegration(integration, runner, expectations, i, tolerance));
  }
  return { checks, records };
}

async function runValueCase(
  runner: SubmissionRunner,
  c: ValueCase,
  expectations: Expectations,
  index: number,
  tolerance: number,
): Promise<{ check: CheckResult; record: CaseRecord }> {
  const want = await expectations.expected(index);
  let got: Output;
  try {
    got = await runner.call(c.fn, c.args);
  } catch (error) {
    if (error instanceof GradingAbort) throw error;
    const message = learnerMessage(error);
    return { check: failed(c.name, message), record: { error: message } };
  }
  const comparison = compareOutputs(got, want, (c.tolerance ?? 1) * tolerance, c.kind);
  return {
    check: { name: c.name, passed: comparison.passed, message: comparison.message },
    record: { output: got },
  };
}

async function runProperty(
  property: Property,
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
    return failed(property.name, learnerMessage(error));
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

async function runIntegration(
  integration: Integration,
  runner: SubmissionRunner,
  expectations: Expectations,
  index: number,
  tolerance: number,
): Promise<CheckResult> {
  const model = MODEL_NAMES[integration.arch];
  const name = {
    en: `plugged into the reference ${model}, gives the model's outputs`,
    zh: `放进参考 ${model} 模型后，模型输出一致`,
  };
  const { model: random, expected } = await expectations.integration(index);
  try {
    const got = await modelOutput(random, proxiedParts(runner, integration.parts));
    const comparison = compareOutputs(got, expected, tolerance);
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
    const message = learnerMessage(error);
    return failed(name, `${model}: ${message}`, `${model}：${message}`);
  }
}
