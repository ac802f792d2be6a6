import type { Tensor } from '@tensorflow/tfjs-core';
import type { Architecture } from '../models/index.ts';
import type { Rng } from './random.ts';

export type Lang = 'zh' | 'en';

/** A text in both of the course's languages. */
export type Text = Record<Lang, string>;

/**
 * An argument handed to a learner's function: a tensor, a number, nothing, or an object of
 * tensors (weights such as `{ wq, bq, ... }`; typed `object` so that weight interfaces fit).
 */
export type Arg = Tensor | number | undefined | object;

/** What a learner's function returned, copied out as numbers: the only thing a verdict reads. */
export interface Output {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  values: Float32Array;
}

/** One call of a learner's function on drawn inputs, compared with the reference. */
export interface ValueCase {
  name: Text;
  /** The exported function to call. */
  fn: string;
  args: Arg[];
  /** Tolerance factor for this case (default: the exercise's). */
  tolerance?: number;
  /**
   * What the output holds: float32 values (default); a mask, compared as numbers whatever
   * its dtype (bool, int32 or float32); or integers (int32, e.g. token ids).
   */
  kind?: OutputKind;
}

export type OutputKind = 'float' | 'mask' | 'int';

/**
 * Calls the learner's function: in the sandbox, in a browser worker, or in this process.
 * Arguments that are functions (a model passing an activation) arrive as undefined.
 */
export interface SubmissionRunner {
  call(fn: string, args: Arg[]): Promise<Output>;
}

/** Runs a property check with the learner's function and the drawn randomness. */
export interface PropertyContext {
  rng: Rng;
  call(fn: string, args: Arg[]): Promise<Output>;
  tolerance: number;
}

export interface PropertyResult {
  passed: boolean;
  message: Text;
}

export interface Property {
  name: Text;
  run(ctx: PropertyContext): Promise<PropertyResult>;
}

/**
 * Plug the learner's functions into a reference model: `parts` maps a model part (the seam's
 * name) to the learner's export that replaces it.
 */
export interface Integration {
  arch: Architecture;
  parts: Record<string, string>;
  /** Model config overrides (e.g. BERT with ReLU for a ReLU feed-forward). */
  config?: Record<string, unknown>;
}

/** A mistake learners really make, with its own runnable wrong submission (mistakes/<id>.ts). */
export interface Mistake {
  id: string;
  title: Text;
  hint: Text;
}

/** A function of the exercise's reference (trusted code, never shipped to a sandbox). */
export type ReferenceFn = (...args: never[]) => Tensor | Promise<Tensor>;

export const CHAPTERS = [
  'attention',
  'transformer',
  'gpt',
  'bert',
  'swin',
  'applications',
] as const;
export type Chapter = (typeof CHAPTERS)[number];

/**
 * What a browser needs of an exercise: the task, the properties (which compare the learner's
 * own outputs, not a reference's), the integrations, the catalogue and the hints.
 */
export interface ExerciseSpec {
  id: string;
  chapter: Chapter;
  title: Text;
  /** Markdown: what to implement, the shapes, a worked example. */
  statement: Text;
  /** The exported functions, with their TypeScript signatures. */
  signatures: Record<string, string>;
  properties: Property[];
  integrations: Integration[];
  mistakes: Mistake[];
  hints: Text[];
  /** Relative tolerance on CPU in float32: |a - e| <= tolerance · (1 + |e|). */
  tolerance: number;
}

/**
 * A picture of the learner's output beside the expected one: attention weights (a heatmap),
 * a mask (grids), or window partitions (each pixel coloured by its window).
 */
export type VisualKind = 'weights' | 'mask' | 'windows';

export interface Visual {
  kind: VisualKind;
  /** The call whose output is drawn (for weights: attention with v = identity). */
  case(rng: Rng): ValueCase;
}

/** An exercise with what only trusted graders hold: the reference and the drawn cases. */
export interface Exercise extends ExerciseSpec {
  reference: Record<string, ReferenceFn>;
  /** Value cases drawn from the run's randomness (shape checks come first in each). */
  cases(rng: Rng): ValueCase[];
  visual?: Visual;
}

/** One line of a verdict. */
export interface CheckResult {
  name: Text;
  passed: boolean;
  message: Text;
}

export type GradingErrorKind =
  | 'compile'
  | 'runtime'
  | 'missing-export'
  | 'time-limit'
  | 'memory-limit'
  | 'log-limit'
  | 'forbidden'
  | 'crash';

/** What stopped grading before the checks could give a verdict. */
export interface GradingError {
  kind: GradingErrorKind;
  message: string;
}

export interface Diagnosis {
  mistake: string;
  title: Text;
  hint: Text;
}

export interface Verdict {
  exercise: string;
  passed: boolean;
  /** Share of checks passed, 0..1. */
  score: number;
  checks: CheckResult[];
  diagnosis: Diagnosis | null;
  error: GradingError | null;
  seed: number;
  graderVersion: string;
  durationMs: number;
  logs: string[];
}
