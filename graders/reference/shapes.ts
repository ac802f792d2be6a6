import { backend_util } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** True when two shapes are equal, element by element. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The shape that two shapes broadcast to, or an error naming both. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  try {
    return backend_util.assertAndGetBroadcastShape([...a], [...b]);
  } catch {
    throw new Error(`shapes [${a}] and [${b}] do not broadcast together`);
  }
}

/** Throws `"<what>: expected rank >= n, got shape [...]"` unless x has at least `min` axes. */
export function assertRankAtLeast(what: string, x: Tensor, min: number): void {
  if (x.rank < min) {
    throw new Error(`${what}: expected rank >= ${min}, got shape [${x.shape}]`);
  }
}

/** Throws unless x has exactly the given shape; -1 in `expected` matches any size. */
export function assertShape(what: string, x: Tensor, expected: readonly number[]): void {
  const ok = x.rank === expected.length && expected.every((d, i) => d === -1 || d === x.shape[i]);
  if (!ok) {
    const shown = expected.map((d) => (d === -1 ? '*' : String(d))).join(', ');
    throw new Error(`${what}: expected shape [${shown}], got [${x.shape}]`);
  }
}
