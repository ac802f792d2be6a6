import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Output, OutputKind, Text } from './types.ts';

/** A tensor again, on this side, from numbers copied out. */
export function outputToTensor(out: Output): Tensor {
  if (out.dtype === 'int32') return tf.tensor(Int32Array.from(out.values), out.shape, 'int32');
  if (out.dtype === 'bool') return tf.tensor(Uint8Array.from(out.values), out.shape, 'bool');
  return tf.tensor(out.values, out.shape, 'float32');
}

/** A tensor copied out as numbers. */
export async function toOutput(t: Tensor): Promise<Output> {
  const values = Float32Array.from(await t.data());
  return { shape: [...t.shape], dtype: t.dtype as Output['dtype'], values };
}

export interface Comparison {
  passed: boolean;
  message: Text;
  /** The largest |got - want| / (1 + |want|); Infinity when shapes differ. */
  error: number;
}

const fmt = (x: number) => (Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(2));
const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Compares a learner's output with the expected one: shape first, then dtype, then every
 * value within `tolerance · (1 + |expected|)`. Messages say what was expected, what came,
 * and what mistake the difference suggests.
 */
export function compareOutputs(
  got: Output,
  want: Output,
  tolerance: number,
  kind: OutputKind = 'float',
): Comparison {
  const shape = compareShapes(got.shape, want.shape);
  if (shape) return { passed: false, message: shape, error: Infinity };
  const dtype = compareDtypes(got.dtype, kind);
  if (dtype) return { passed: false, message: dtype, error: Infinity };
  return compareValues(got, want, tolerance);
}

function compareShapes(got: number[], want: number[]): Text | null {
  if (got.length === want.length && got.every((d, i) => d === want[i])) return null;
  const expected = `expected shape ${shapeText(want)}, got ${shapeText(got)}`;
  const zhExpected = `形状应为 ${shapeText(want)}，实际为 ${shapeText(got)}`;
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const sorted = (s: number[]) => [...s].sort((a, b) => a - b).join(',');
  if (got.length === want.length && sorted(got) === sorted(want)) {
    return {
      en: `${expected}: the axes are in another order. Did you transpose before the reshape?`,
      zh: `${zhExpected}：轴的顺序不对。是否在 reshape 之前忘了转置（transpose）？`,
    };
  }
  if (size(got) === size(want)) {
    return {
      en: `${expected}: the right number of values in another shape. Check your reshape.`,
      zh: `${zhExpected}：元素个数对，但形状不对。请检查 reshape。`,
    };
  }
  if (got.length < want.length) {
    return {
      en: `${expected}: axes are missing. Does your code handle the batch and head axes?`,
      zh: `${zhExpected}：少了维度。你的代码是否处理了 batch 和 head 维？`,
    };
  }
  return { en: `${expected}.`, zh: `${zhExpected}。` };
}

function compareDtypes(got: Output['dtype'], kind: OutputKind): Text | null {
  if (kind === 'mask' || (kind === 'float' && got === 'float32')) return null;
  if (kind === 'int' && got === 'int32') return null;
  const want = kind === 'float' ? 'float32' : 'int32';
  return {
    en: `expected ${want} values, got ${got}. Cast with tf.cast(x, '${want}').`,
    zh: `数据类型应为 ${want}，实际为 ${got}。可用 tf.cast(x, '${want}') 转换。`,
  };
}

function compareValues(got: Output, want: Output, tolerance: number): Comparison {
  let worst = 0;
  let worstAt = -1;
  let wrong = 0;
  for (let i = 0; i < want.values.length; i++) {
    const e = want.values[i]!;
    const a = got.values[i]!;
    const err = a === e ? 0 : Math.abs(a - e) / (1 + Math.abs(e));
    const bad = !(err <= tolerance); // NaN counts as wrong
    if (bad) wrong++;
    if (bad && (worstAt < 0 || !(err <= worst))) {
      worst = Number.isNaN(err) ? Infinity : err;
      worstAt = i;
    }
  }
  if (wrong === 0) {
    return { passed: true, message: { en: 'matches', zh: '结果一致' }, error: 0 };
  }
  const at = shapeText(unravel(worstAt, want.shape));
  const e = fmt(want.values[worstAt]!);
  const a = fmt(got.values[worstAt]!);
  const total = want.values.length;
  return {
    passed: false,
    error: worst,
    message: {
      en:
        `${wrong} of ${total} values differ; worst at ${at}: expected ${e}, got ${a} ` +
        `(relative error ${fmt(worst)}, tolerance ${tolerance.toExponential(0)})`,
      zh:
        `${total} 个值中有 ${wrong} 个不一致；差得最多的在 ${at}：应为 ${e}，实际为 ${a}` +
        `（相对误差 ${fmt(worst)}，容差 ${tolerance.toExponential(0)}）`,
    },
  };
}

/** The index of a flat position in a row-major shape. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1, rest = flat; axis >= 0; axis--) {
    const d = shape[axis]!;
    index[axis] = rest % d;
    rest = Math.floor(rest / d);
  }
  return index;
}

/** The largest relative error between two outputs of the same shape (Infinity otherwise). */
export function outputDistance(a: Output, b: Output): number {
  if (a.values.length !== b.values.length || a.shape.join() !== b.shape.join()) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i]!;
    const y = b.values[i]!;
    // the same overflow on both sides (NaN and NaN, Inf and Inf) is agreement
    if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) continue;
    const err = Math.abs(x - y) / (1 + Math.abs(y));
    if (!Number.isFinite(err)) return Infinity;
    if (err > worst) worst = err;
  }
  return worst;
}
