import { describe, expect, it } from 'vitest';
import {
  attentionWeights,
  causalMask,
  causalSelfAttention,
  localMask,
  multiHeadAttention,
  paddingMask,
  scaledDotProductAttention,
} from '../../graders/reference/index.ts';
import { tf } from '../../graders/node/tf-node.ts';
import { BACKENDS } from '../helpers/backends.ts';
import { worstError } from '../helpers/fixtures.ts';
import { expectClose, onBackend, toTensor, toTensors as tensors } from './close.ts';
import * as naive from './naive.ts';
import type { Arr, MultiHeadArrs } from './naive.ts';

function randomWeights(rng: () => number, C: number): MultiHeadArrs {
  const m = () => naive.uniform(rng, [C, C], 0.5);
  const b = () => naive.uniform(rng, [C], 0.1);
  return { wq: m(), bq: b(), wk: m(), bk: b(), wv: m(), bv: b(), wo: m(), bo: b() };
}

/** A random 0/1 mask in which every query row keeps at least its first key. */
function randomMask(rng: () => number, Tq: number, Tk: number): Arr {
  const m = Array.from({ length: Tq * Tk }, (_, i) => (i % Tk === 0 || rng() < 0.6 ? 1 : 0));
  return naive.arr([Tq, Tk], m);
}

const SHAPES = [
  { rank: 2, q: [5, 8], k: [7, 8], v: [7, 6] },
  { rank: 3, q: [2, 4, 8], k: [2, 6, 8], v: [2, 6, 3] },
  { rank: 4, q: [2, 3, 5, 8], k: [2, 3, 5, 8], v: [2, 3, 5, 8] },
  { rank: 5, q: [2, 2, 3, 4, 6], k: [2, 2, 3, 7, 6], v: [2, 2, 3, 7, 5] },
];

describe.each(BACKENDS)('scaled dot-product attention on the %s backend', (backend) => {
  onBackend(backend);

  it.each(SHAPES)('matches a naive loop for rank $rank inputs $q, $k, $v', async (s) => {
    const rng = naive.mulberry32(s.rank);
    const [q, k, v] = [s.q, s.k, s.v].map((shape) => naive.uniform(rng, shape)) as [Arr, Arr, Arr];

    const out = scaledDotProductAttention(toTensor(q), toTensor(k), toTensor(v));

    await expectClose(out, naive.attention(q, k, v).out);
  });

  it('gives weights that match a naive softmax and whose rows sum to 1', async () => {
    const rng = naive.mulberry32(11);
    const q = naive.uniform(rng, [2, 3, 4, 8], 2);
    const k = naive.uniform(rng, [2, 3, 6, 8], 2);

    const weights = attentionWeights(toTensor(q), toTensor(k));

    await expectClose(weights, naive.attention(q, k, k).weights);
    const sums = await tf.sum(weights, -1).data();
    expect(Math.max(...sums.map((x) => Math.abs(x - 1)))).toBeLessThan(1e-6);
  });

  it('broadcasts a [Tq, Tk] mask over batch and heads', async () => {
    const rng = naive.mulberry32(12);
    const [q, k, v] = [0, 1, 2].map(() => naive.uniform(rng, [2, 3, 5, 8])) as [Arr, Arr, Arr];
    const mask = randomMask(rng, 5, 5);

    const out = scaledDotProductAttention(toTensor(q), toTensor(k), toTensor(v), toTensor(mask));

    await expectClose(out, naive.attention(q, k, v, mask).out);
  });

  it('blocks padded keys per batch item with a [B, 1, 1, Tk] padding mask', async () => {
    const rng = naive.mulberry32(13);
    const q = naive.uniform(rng, [2, 2, 4, 8]);
    const k = naive.uniform(rng, [2, 2, 6, 8]);
    const v = naive.uniform(rng, [2, 2, 6, 3]);
    const valid = naive.arr([2, 6], [1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0]);

    const mask = paddingMask(toTensor(valid));
    const out = scaledDotProductAttention(toTensor(q), toTensor(k), toTensor(v), mask);

    expect(mask.shape).toEqual([2, 1, 1, 6]);
    await expectClose(out, naive.attention(q, k, v, naive.arr([2, 1, 1, 6], valid.data)).out);
  });

  it('gives exactly zero weight to a whole block of blocked keys', async () => {
    const rng = naive.mulberry32(14);
    const q = naive.uniform(rng, [2, 6, 4]);
    const k = naive.uniform(rng, [2, 6, 4]);
    const segment = (i: number) => (i < 3 ? 0 : 1);
    const blockDiagonal = Array.from({ length: 36 }, (_, i) =>
      segment(Math.floor(i / 6)) === segment(i % 6) ? 1 : 0,
    );
    const mask = naive.arr([6, 6], blockDiagonal);

    const weights = await attentionWeights(toTensor(q), toTensor(k), toTensor(mask)).data();

    const blocked = [...weights].filter((_, i) => blockDiagonal[i % 36] === 0);
    expect(blocked).toEqual(new Array<number>(36).fill(0));
    expect(worstError(weights, naive.attention(q, k, k, mask).weights.data)).toBeLessThan(1e-4);
  });

  it('gives the same output whether blocked scores are -Infinity or -1e9', async () => {
    const rng = naive.mulberry32(15);
    const [q, k, v] = [0, 1, 2].map(() => naive.uniform(rng, [2, 7, 4])) as [Arr, Arr, Arr];
    const mask = randomMask(rng, 7, 7);

    const out = scaledDotProductAttention(toTensor(q), toTensor(k), toTensor(v), toTensor(mask));

    await expectClose(out, naive.attention(q, k, v, mask, naive.setMinusInfinity).out);
    await expectClose(out, naive.attention(q, k, v, mask, naive.addMinus1e9).out);
  });

  it('stays finite and accurate when scores are in the thousands', async () => {
    const rng = naive.mulberry32(16);
    const q = naive.uniform(rng, [2, 5, 8], 30);
    const k = naive.uniform(rng, [2, 6, 8], 30);
    const v = naive.uniform(rng, [2, 6, 4]);

    const out = scaledDotProductAttention(toTensor(q), toTensor(k), toTensor(v));

    const values = await out.data();
    expect(values.every(Number.isFinite)).toBe(true);
    await expectClose(out, naive.attention(q, k, v).out);
  });

  it('gives NaN for a query whose keys are all blocked, and leaves other rows alone', async () => {
    const rng = naive.mulberry32(17);
    const [q, k, v] = [0, 1, 2].map(() => naive.uniform(rng, [3, 4])) as [Arr, Arr, Arr];
    const mask = naive.arr([3, 3], [1, 0, 0, 0, 0, 0, 1, 1, 1]);

    const out = await scaledDotProductAttention(
      toTensor(q),
      toTensor(k),
      toTensor(v),
      toTensor(mask),
    ).data();

    expect([...out.slice(4, 8)].every(Number.isNaN)).toBe(true);
    const expected = naive.attention(q, k, v, mask).out.data;
    expect(worstError(out.slice(0, 4), expected.slice(0, 4))).toBeLessThan(1e-4);
    expect(worstError(out.slice(8), expected.slice(8))).toBeLessThan(1e-4);
  });

  it('rejects q and k whose last axes (dk) differ', () => {
    const q = tf.zeros([2, 3, 4]);
    const k = tf.zeros([2, 5, 6]);
    const v = tf.zeros([2, 5, 4]);

    const call = () => scaledDotProductAttention(q, k, v);

    expect(call).toThrow(/q \[2,3,4\] and k \[2,5,6\] differ in their last axis/);
  });

  it('rejects k and v of different lengths (Tk)', () => {
    const q = tf.zeros([2, 3, 4]);
    const k = tf.zeros([2, 5, 4]);
    const v = tf.zeros([2, 6, 4]);

    const call = () => scaledDotProductAttention(q, k, v);

    expect(call).toThrow(/k \[2,5,4\] and v \[2,6,4\] differ in length \(Tk\)/);
  });

  it('rejects a mask that does not broadcast to [..., Tq, Tk]', () => {
    const [q, k] = [tf.zeros([2, 3, 4]), tf.zeros([2, 5, 4])];
    const mask = tf.ones([3, 4]);

    const call = () => scaledDotProductAttention(q, k, k, mask);

    expect(call).toThrow(/shapes \[2,3,5\] and \[3,4\] do not broadcast together/);
  });

  it('rejects a rank-1 q or v with a rank error', () => {
    const vector = tf.zeros([4]);
    const matrix = tf.zeros([3, 4]);

    const rank1q = () => scaledDotProductAttention(vector, matrix, matrix);
    const rank1v = () => scaledDotProductAttention(matrix, matrix, vector);

    expect(rank1q).toThrow(/attention q: expected rank >= 2, got shape \[4\]/);
    expect(rank1v).toThrow(/attention v: expected rank >= 2, got shape \[4\]/);
  });

  it('rejects a rank-1 k with a rank error', () => {
    const k = tf.zeros([4]);
    const qv = tf.zeros([4, 4]);

    const call = () => scaledDotProductAttention(qv, k, qv);

    expect(call).toThrow(/attention k: expected rank >= 2, got shape \[4\]/);
  });

  it('keeps no tensors once its inputs and output are disposed', () => {
    const before = tf.memory().numTensors;
    const inputs = [tf.ones([2, 3, 4]), tf.ones([2, 5, 4]), tf.ones([2, 5, 2]), tf.ones([3, 5])];

    const out = scaledDotProductAttention(inputs[0]!, inputs[1]!, inputs[2]!, inputs[3]);
    tf.dispose([...inputs, out]);

    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(BACKENDS)('multi-head attention on the %s backend', (backend) => {
  onBackend(backend);

  it('matches a naive loop for self-attention (one tensor as query, key and value)', async () => {
    const rng = naive.mulberry32(21);
    const x = naive.uniform(rng, [2, 5, 12]);
    const w = randomWeights(rng, 12);
    const input = toTensor(x);

    const out = await multiHeadAttention(input, input, input, tensors(w), 3);

    await expectClose(out, naive.multiHeadAttention(x, x, x, w, 3));
  });

  it('matches a naive loop for cross-attention to a longer, padded memory', async () => {
    const rng = naive.mulberry32(22);
    const query = naive.uniform(rng, [2, 4, 8]);
    const key = naive.uniform(rng, [2, 7, 8]);
    const value = naive.uniform(rng, [2, 7, 8]);
    const w = randomWeights(rng, 8);
    const mask = naive.arr([2, 1, 1, 7], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);

    const out = await multiHeadAttention(
      toTensor(query),
      toTensor(key),
      toTensor(value),
      tensors(w),
      4,
      toTensor(mask),
    );

    await expectClose(out, naive.multiHeadAttention(query, key, value, w, 4, mask));
  });

  it('rejects a head count that does not divide C', async () => {
    const x = tf.zeros([1, 3, 10]);
    const w = tensors(randomWeights(naive.mulberry32(23), 10));

    const call = multiHeadAttention(x, x, x, w, 3);

    await expect(call).rejects.toThrow(/C = 10 is not divisible by numHeads = 3/);
  });

  it('equals plain attention after the projections when there is one head', async () => {
    const rng = naive.mulberry32(24);
    const [query, key] = [naive.uniform(rng, [2, 3, 6]), naive.uniform(rng, [2, 5, 6])];
    const w = tensors(randomWeights(rng, 6));
    const project = (x: tf.Tensor, m: tf.Tensor, b: tf.Tensor) =>
      tf.add(tf.matMul(x, tf.broadcastTo(m, [2, 6, 6])), b);

    const out = await multiHeadAttention(toTensor(query), toTensor(key), toTensor(key), w, 1);

    const [q, k, v] = [
      project(toTensor(query), w.wq, w.bq),
      project(toTensor(key), w.wk, w.bk),
      project(toTensor(key), w.wv, w.bv),
    ];
    const weights = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(6)));
    const plain = await project(tf.matMul(weights, v), w.wo, w.bo).data();
    expect(out.shape).toEqual([2, 3, 6]);
    expect(worstError(await out.data(), plain)).toBeLessThan(1e-5);
  });

  it('keeps no tensors beyond its output', async () => {
    const x = tf.ones([1, 4, 8]);
    const w = tensors(randomWeights(naive.mulberry32(25), 8));
    const before = tf.memory().numTensors;

    const out = await multiHeadAttention(x, x, x, w, 2);
    out.dispose();

    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(BACKENDS)('causal self-attention on the %s backend', (backend) => {
  onBackend(backend);

  function randomCausalWeights(rng: () => number, C: number) {
    return {
      wqkv: naive.uniform(rng, [C, 3 * C], 0.5),
      bqkv: naive.uniform(rng, [3 * C], 0.1),
      wo: naive.uniform(rng, [C, C], 0.5),
      bo: naive.uniform(rng, [C], 0.1),
    };
  }

  it('matches a naive loop (q | k | v split, heads, causal mask)', async () => {
    const rng = naive.mulberry32(31);
    const x = naive.uniform(rng, [2, 6, 8]);
    const w = randomCausalWeights(rng, 8);

    const out = await causalSelfAttention(toTensor(x), tensors(w), 2);

    await expectClose(out, naive.causalSelfAttention(x, w, 2));
  });

  it('leaves outputs at positions 0..3 unchanged when tokens 4..6 change', async () => {
    const rng = naive.mulberry32(32);
    const x = naive.uniform(rng, [2, 7, 8]);
    const changed = naive.arr(x.shape, x.data);
    for (let i = 0; i < changed.data.length; i++) {
      if (Math.floor(i / 8) % 7 > 3) changed.data[i] = Math.fround(changed.data[i]! + 1);
    }
    const w = tensors(randomCausalWeights(rng, 8));

    const a = await (await causalSelfAttention(toTensor(x), w, 4)).data();
    const b = await (await causalSelfAttention(toTensor(changed), w, 4)).data();

    const diff = (i: number) => Math.abs(a[i]! - b[i]!);
    const positions = Array.from({ length: a.length }, (_, i) => i);
    const past = positions.filter((i) => Math.floor(i / 8) % 7 <= 3);
    const future = positions.filter((i) => Math.floor(i / 8) % 7 > 3);
    expect(Math.max(...past.map(diff))).toBeLessThanOrEqual(1e-6);
    expect(Math.max(...future.map(diff))).toBeGreaterThan(1e-3);
  });

  it('keeps no tensors beyond its output', async () => {
    const x = tf.ones([1, 4, 8]);
    const w = tensors(randomCausalWeights(naive.mulberry32(33), 8));
    const before = tf.memory().numTensors;

    const out = await causalSelfAttention(x, w, 2);
    out.dispose();

    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(BACKENDS)('attention masks on the %s backend', (backend) => {
  onBackend(backend);

  it('builds a 1x1 causal mask of a single 1', async () => {
    const mask = causalMask(1);

    expect(mask.shape).toEqual([1, 1]);
    expect(await mask.array()).toEqual([[1]]);
  });

  it('builds a 5x5 causal mask with ones on and below the diagonal', async () => {
    const mask = causalMask(5);

    expect(mask.dtype).toBe('float32');
    expect(await mask.array()).toEqual([
      [1, 0, 0, 0, 0],
      [1, 1, 0, 0, 0],
      [1, 1, 1, 0, 0],
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 1],
    ]);
  });

  it('builds a local mask of radius 1 as a band of width 3', async () => {
    const mask = localMask(6, 1);

    expect(await mask.array()).toEqual([
      [1, 1, 0, 0, 0, 0],
      [1, 1, 1, 0, 0, 0],
      [0, 1, 1, 1, 0, 0],
      [0, 0, 1, 1, 1, 0],
      [0, 0, 0, 1, 1, 1],
      [0, 0, 0, 0, 1, 1],
    ]);
  });

  it('keeps only the past half of the band in a causal local mask', async () => {
    const mask = localMask(6, 2, true);

    expect(await mask.array()).toEqual([
      [1, 0, 0, 0, 0, 0],
      [1, 1, 0, 0, 0, 0],
      [1, 1, 1, 0, 0, 0],
      [0, 1, 1, 1, 0, 0],
      [0, 0, 1, 1, 1, 0],
      [0, 0, 0, 1, 1, 1],
    ]);
  });

  it.each([0, -3, 2.5, Number.NaN])('rejects a causal mask of size %s', (size) => {
    const call = () => causalMask(size);

    expect(call).toThrow(/causalMask: size must be a positive integer/);
  });

  it.each([
    { size: 0, radius: 1, message: /localMask: size must be a positive integer, got 0/ },
    { size: 4, radius: -1, message: /localMask: radius must be an integer >= 0, got -1/ },
    { size: 4, radius: 1.5, message: /localMask: radius must be an integer >= 0, got 1.5/ },
  ])('rejects a local mask of size $size and radius $radius', ({ size, radius, message }) => {
    const call = () => localMask(size, radius);

    expect(call).toThrow(message);
  });
});
