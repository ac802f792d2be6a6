import { describe, expect, it } from 'vitest';
import {
  bertEmbeddings,
  embed,
  feedForward,
  geluErf,
  geluTanh,
  layerNorm,
  positionEmbedding,
  relu,
  sinusoidalPositionalEncoding,
} from '../../graders/reference/index.ts';
import { tf } from '../../graders/node/tf-node.ts';
import { BACKENDS } from '../helpers/backends.ts';
import { expectClose, onBackend, toTensor, toTensors } from './close.ts';
import * as naive from './naive.ts';
import type { Arr } from './naive.ts';

const ones = (n: number) => naive.arr([n], new Array<number>(n).fill(1));
const zeros = (n: number) => naive.arr([n], new Array<number>(n).fill(0));

/** Rows of `base + spread · noise`, C values each. */
function rows(rng: () => number, count: number, C: number, base: number, spread: number): Arr {
  const noise = naive.uniform(rng, [count, C]);
  return naive.map(noise, (x) => Math.fround(base + spread * x));
}

describe.each(BACKENDS)('layer normalisation on the %s backend', (backend) => {
  onBackend(backend);

  it('matches a naive float64 layer norm with an affine gamma and beta', async () => {
    const rng = naive.mulberry32(41);
    const x = naive.uniform(rng, [3, 4, 16], 2, 0.5);
    const gamma = naive.uniform(rng, [16], 1, 1);
    const beta = naive.uniform(rng, [16], 0.5);

    const out = layerNorm(toTensor(x), toTensor(gamma), toTensor(beta));

    await expectClose(out, naive.layerNorm(x, gamma, beta));
  });

  it('keeps eps inside the square root for rows of tiny variance', async () => {
    const rng = naive.mulberry32(42);
    const x = rows(rng, 4, 16, 1, 1e-4);
    const gamma = naive.uniform(rng, [16], 1, 1);
    const beta = naive.uniform(rng, [16], 0.5);

    const out = layerNorm(toTensor(x), toTensor(gamma), toTensor(beta));

    await expectClose(out, naive.layerNorm(x, gamma, beta));
  });

  it('returns beta for a constant row', async () => {
    const rng = naive.mulberry32(43);
    const constant = (v: number) => new Array<number>(10).fill(v);
    const x = naive.arr([2, 10], [...constant(0.1), ...constant(-7)]);
    const gamma = naive.uniform(rng, [10], 1, 1);
    const beta = naive.uniform(rng, [10], 0.5);

    const out = layerNorm(toTensor(x), toTensor(gamma), toTensor(beta));

    await expectClose(out, naive.arr([2, 10], [...beta.data, ...beta.data]));
  });

  it('normalises rows sitting on a large offset of 1e4 to float32 accuracy', async () => {
    const rng = naive.mulberry32(44);
    const x = rows(rng, 4, 16, 1e4, 1);

    const out = layerNorm(toTensor(x), toTensor(ones(16)), toTensor(zeros(16)));

    // float32 values near 1e4 are 2^-10 apart, so the float32 mean alone may be off by
    // 5e-4, which is ~1e-3 after dividing by the rows' spread (~0.5); a one-pass variance
    // E[x²] - E[x]² would be off by whole units here.
    await expectClose(out, naive.layerNorm(x, ones(16), zeros(16)), 5e-3);
  });

  it('gives the same output for 3·x + 5 as for x when gamma = 1 and beta = 0', async () => {
    const rng = naive.mulberry32(45);
    const x = naive.uniform(rng, [5, 12]);
    const moved = naive.map(x, (v) => Math.fround(3 * v + 5));
    const [gamma, beta] = [toTensor(ones(12)), toTensor(zeros(12))];

    const a = layerNorm(toTensor(x), gamma, beta);
    const b = layerNorm(toTensor(moved), gamma, beta);

    await expectClose(b, { shape: a.shape, data: Float64Array.from(await a.data()) });
  });

  it('rejects a gamma whose size is not the last axis of x', () => {
    const x = tf.zeros([2, 8]);

    const call = () => layerNorm(x, tf.ones([6]), tf.zeros([8]));

    expect(call).toThrow(/x \[2,8\] needs gamma and beta of 8 values, got \[6\] and \[8\]/);
  });

  it('keeps no tensors once its inputs and output are disposed', () => {
    const before = tf.memory().numTensors;
    const inputs = [tf.ones([3, 4]), tf.ones([4]), tf.zeros([4])];

    const out = layerNorm(inputs[0]!, inputs[1]!, inputs[2]!);
    tf.dispose([...inputs, out]);

    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(BACKENDS)('sinusoidal positional encoding on the %s backend', (backend) => {
  onBackend(backend);

  it('starts at [0, 1, 0, 1, ...] for position 0', async () => {
    const pe = sinusoidalPositionalEncoding(10, 16);

    const first = (await pe.array()) as number[][];

    expect(pe.shape).toEqual([10, 16]);
    expect(first[0]).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it('has sin(pos) and cos(pos) in its first two columns', async () => {
    const pe = (await sinusoidalPositionalEncoding(10, 16).array()) as number[][];

    const columns = pe.map((row) => [row[0]!, row[1]!]);

    const expected = pe.map((_, pos) => [Math.sin(pos), Math.cos(pos)]);
    expect(worstPair(columns, expected)).toBeLessThan(1e-6);
  });

  it('has PE[3, 4] = sin(3 / 10000^(4/16)) and PE[3, 5] = cos of the same angle', async () => {
    const pe = (await sinusoidalPositionalEncoding(10, 16).array()) as number[][];

    const angle = 3 / 10000 ** (4 / 16);

    expect(pe[3]![4]).toBeCloseTo(Math.sin(angle), 6);
    expect(pe[3]![5]).toBeCloseTo(Math.cos(angle), 6);
  });

  it('ends an odd dModel with a sine column', async () => {
    const pe = (await sinusoidalPositionalEncoding(4, 7).array()) as number[][];

    const last = pe.map((row) => row[6]!);

    expect(pe[0]).toHaveLength(7);
    const expected = [0, 1, 2, 3].map((pos) => Math.sin(pos / 10000 ** (6 / 7)));
    expect(Math.max(...last.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-6);
  });

  it('rejects a length or dModel that is not a positive integer', () => {
    const calls = [
      () => sinusoidalPositionalEncoding(0, 4),
      () => sinusoidalPositionalEncoding(4, 2.5),
    ];

    for (const call of calls) expect(call).toThrow(/must be positive integers/);
  });
});

function worstPair(actual: number[][], expected: number[][]): number {
  return Math.max(...actual.flatMap((row, i) => row.map((v, j) => Math.abs(v - expected[i]![j]!))));
}

describe('the naive erf used as ground truth', () => {
  it.each([
    [0, 0],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [-1, -0.8427007929497149],
    [3.5, 0.9999992569016276],
  ])('gives erf(%s) = %s to 1e-15', (x, expected) => {
    const got = naive.erf(x);

    expect(Math.abs(got - expected)).toBeLessThan(1e-15);
  });
});

describe.each(BACKENDS)('activations and the feed-forward network on the %s backend', (backend) => {
  onBackend(backend);

  const grid = naive.arr(
    [121],
    Array.from({ length: 121 }, (_, i) => -6 + i / 10),
  );

  it('computes the exact GELU 0.5 x (1 + erf(x / √2)) to 1e-6', async () => {
    const out = geluErf(toTensor(grid));

    await expectClose(out, naive.map(grid, naive.geluErfOf), 1e-6);
  });

  it('computes the tanh GELU 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))) to 1e-6', async () => {
    const out = geluTanh(toTensor(grid));

    await expectClose(out, naive.map(grid, naive.geluTanhOf), 1e-6);
  });

  it('keeps the erf and tanh GELUs apart by more than 1e-5 and less than 1e-3', async () => {
    const x = toTensor(grid);

    const diff = await tf.max(tf.abs(tf.sub(geluErf(x), geluTanh(x)))).data();

    expect(diff[0]).toBeGreaterThan(1e-5);
    expect(diff[0]).toBeLessThan(1e-3);
  });

  it('zeroes negative inputs in ReLU and keeps the rest', async () => {
    const x = tf.tensor1d([-2, -0.5, 0, 0.5, 3]);

    const out = await relu(x).array();

    expect(out).toEqual([0, 0, 0, 0.5, 3]);
  });

  it.each([
    ['relu', relu, naive.reluOf],
    ['geluErf', geluErf, naive.geluErfOf],
    ['geluTanh', geluTanh, naive.geluTanhOf],
  ] as const)('matches a naive feed-forward network with %s', async (_, act, actOf) => {
    const rng = naive.mulberry32(51);
    const x = naive.uniform(rng, [2, 3, 6]);
    const w = {
      w1: naive.uniform(rng, [6, 10], 0.7),
      b1: naive.uniform(rng, [10], 0.2),
      w2: naive.uniform(rng, [10, 6], 0.7),
      b2: naive.uniform(rng, [6], 0.2),
    };

    const out = feedForward(toTensor(x), toTensors(w), act);

    await expectClose(out, naive.feedForward(x, w, actOf));
  });
});

describe.each(BACKENDS)('embeddings on the %s backend', (backend) => {
  onBackend(backend);

  const table = naive.arr(
    [5, 3],
    Array.from({ length: 15 }, (_, i) => i / 4 - 1),
  );

  it('looks up one table row per id, keeping the ids shape', async () => {
    const ids = tf.tensor2d(
      [
        [0, 4],
        [2, 2],
      ],
      [2, 2],
      'int32',
    );

    const out = embed(ids, toTensor(table));

    const row = (id: number) => [...table.data.slice(id * 3, id * 3 + 3)];
    expect(out.shape).toEqual([2, 2, 3]);
    expect(await out.array()).toEqual([
      [row(0), row(4)],
      [row(2), row(2)],
    ]);
  });

  it.each([5, -1, 1.5])('rejects id %s, naming it', (id) => {
    const ids = tf.tensor1d([0, id]);

    const call = () => embed(ids, toTensor(table));

    expect(call).toThrow(new RegExp(`id ${id} is outside the table's 5 rows`));
  });

  it('takes the first T rows of the position table', async () => {
    const out = positionEmbedding(3, toTensor(table));

    await expectClose(out, naive.arr([3, 3], table.data.slice(0, 9)), 0);
  });

  it('rejects a sequence longer than the position table', () => {
    const call = () => positionEmbedding(6, toTensor(table));

    expect(call).toThrow(/sequence of 6 tokens is longer than the 5 positions/);
  });

  it('sums token, segment and position embeddings, then normalises with eps 1e-12', async () => {
    const rng = naive.mulberry32(61);
    const C = 8;
    const w = {
      wordEmbeddings: naive.uniform(rng, [11, C]),
      positionEmbeddings: naive.uniform(rng, [6, C]),
      tokenTypeEmbeddings: naive.uniform(rng, [2, C]),
      gamma: naive.uniform(rng, [C], 0.5, 1),
      beta: naive.uniform(rng, [C], 0.5),
    };
    const inputIds = [
      [1, 7, 10, 3],
      [0, 0, 5, 9],
    ];
    const typeIds = [
      [0, 0, 1, 1],
      [0, 1, 1, 1],
    ];
    const sum = new Float64Array(2 * 4 * C);
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 4; t++) {
        for (let c = 0; c < C; c++) {
          sum[(b * 4 + t) * C + c] =
            w.wordEmbeddings.data[inputIds[b]![t]! * C + c]! +
            w.tokenTypeEmbeddings.data[typeIds[b]![t]! * C + c]! +
            w.positionEmbeddings.data[t * C + c]!;
        }
      }
    }
    const [ids, types] = [inputIds, typeIds].map((a) => tf.tensor2d(a, [2, 4], 'int32'));

    const out = bertEmbeddings(ids!, types!, toTensors(w));

    const expected = naive.layerNorm(naive.arr([2, 4, C], sum), w.gamma, w.beta, 1e-12);
    await expectClose(out, expected);
  });

  it('rejects token type ids of another shape than the input ids', () => {
    const weights = {
      wordEmbeddings: tf.ones([4, 2]),
      positionEmbeddings: tf.ones([4, 2]),
      tokenTypeEmbeddings: tf.ones([2, 2]),
      gamma: tf.ones([2]),
      beta: tf.zeros([2]),
    };

    const [ids, types] = [tf.zeros([1, 3], 'int32'), tf.zeros([1, 2], 'int32')];

    const call = () => bertEmbeddings(ids, types, weights);

    expect(call).toThrow(/expected inputIds and tokenTypeIds \[B, T\], got \[1,3\] and \[1,2\]/);
  });
});
