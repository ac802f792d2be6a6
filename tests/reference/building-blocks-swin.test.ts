import { describe, expect, it } from 'vitest';
import {
  cyclicShift,
  gatherPatches,
  kernelFromTorch,
  patchEmbedding,
  patchMerging,
  relativePositionBias,
  relativePositionIndex,
  roll,
  shiftedWindowMask,
  windowAttention,
  windowPartition,
  windowReverse,
} from '../../graders/reference/index.ts';
import { tf } from '../../graders/node/tf-node.ts';
import { BACKENDS } from '../helpers/backends.ts';
import { expectClose, onBackend, toTensor, toTensors } from './close.ts';
import * as naive from './naive.ts';
import type { Arr } from './naive.ts';

/** 0, 1, 2, ... in the given shape: every value tells where it came from. */
const iota = (shape: number[]) =>
  naive.arr(
    shape,
    Array.from({ length: naive.sizeOf(shape) }, (_, i) => i),
  );

describe.each(BACKENDS)('window partition and reverse on the %s backend', (backend) => {
  onBackend(backend);

  it.each([
    { shape: [2, 4, 8, 3], ws: 4 },
    { shape: [1, 6, 9, 2], ws: 3 },
  ])('cuts $shape into windows of $ws like naive index arithmetic', async ({ shape, ws }) => {
    const x = iota(shape);

    const windows = windowPartition(toTensor(x), ws);

    await expectClose(windows, naive.windowPartition(x, ws), 0);
  });

  it.each([
    { shape: [2, 4, 8, 3], ws: 4 },
    { shape: [1, 6, 9, 2], ws: 3 },
  ])('puts naive windows of $shape back into the images', async ({ shape, ws }) => {
    const x = iota(shape);
    const windows = naive.windowPartition(x, ws);

    const images = windowReverse(toTensor(windows), ws, shape[1]!, shape[2]!);

    await expectClose(images, x, 0);
  });

  it('gives back its input bit for bit after partition then reverse', async () => {
    const x = naive.uniform(naive.mulberry32(71), [3, 6, 9, 2]);
    const input = toTensor(x);

    const back = windowReverse(windowPartition(input, 3), 3, 6, 9);

    expect(back.shape).toEqual([3, 6, 9, 2]);
    expect(await back.data()).toEqual(await input.data());
  });

  it('rejects a map whose height is not divisible by the window size', () => {
    const x = tf.zeros([1, 6, 8, 1]);

    const call = () => windowPartition(x, 4);

    expect(call).toThrow(/H and W divisible by the window size 4, got x \[1,6,8,1\]/);
  });

  it('rejects reversing to a height not divisible by the window size', () => {
    const windows = tf.zeros([4, 4, 4, 1]);

    const call = () => windowReverse(windows, 4, 6, 8);

    expect(call).toThrow(/divisible by the window size 4, got H = 6, W = 8/);
  });

  it('rejects a window count that is not a whole number of images', () => {
    const windows = tf.zeros([3, 2, 2, 1]);

    const call = () => windowReverse(windows, 2, 4, 4);

    expect(call).toThrow(/expected windows \[B·4, 2, 2, C\], got \[3,2,2,1\]/);
  });
});

describe.each(BACKENDS)('roll and cyclic shift on the %s backend', (backend) => {
  onBackend(backend);

  const x = iota([3, 5, 2]);

  it.each([
    [1, 1],
    [3, 1],
    [-1, 1],
    [-7, 1],
    [12, 1],
    [5, 1],
    [0, 1],
    [2, 0],
    [-4, 0],
    [1, 2],
  ])('rolls by %i along axis %i as torch.roll', async (shift, axis) => {
    const out = roll(toTensor(x), shift, axis);

    await expectClose(out, naive.roll(x, shift, axis), 0);
  });

  it('moves element i of a vector to i + shift mod n', async () => {
    const v = tf.tensor1d([10, 11, 12, 13, 14]);

    const [right, left] = [roll(v, 2, 0), roll(v, -2, 0)];

    expect(await right.array()).toEqual([13, 14, 10, 11, 12]);
    expect(await left.array()).toEqual([12, 13, 14, 10, 11]);
  });

  it('rolls height and width together in a cyclic shift, and shifting back restores', async () => {
    const map = iota([2, 6, 8, 3]);
    const input = toTensor(map);

    const shifted = cyclicShift(input, -2);
    const restored = cyclicShift(shifted, 2);

    await expectClose(shifted, naive.roll(naive.roll(map, -2, 1), -2, 2), 0);
    await expectClose(restored, map, 0);
  });
});

describe.each(BACKENDS)('shifted-window mask on the %s backend', (backend) => {
  onBackend(backend);

  it('allows every pair when there is no shift', async () => {
    const mask = shiftedWindowMask(8, 8, 4, 0);

    expect(mask.shape).toEqual([4, 16, 16]);
    expect((await mask.data()).every((v) => v === 1)).toBe(true);
  });

  it.each([
    { H: 8, W: 8, ws: 4, shift: 2 },
    { H: 4, W: 8, ws: 2, shift: 1 },
    { H: 12, W: 8, ws: 4, shift: 3 },
    { H: 6, W: 9, ws: 3, shift: 1 },
  ])('matches the official Swin mask for $H x $W, window $ws, shift $shift', async (c) => {
    const mask = shiftedWindowMask(c.H, c.W, c.ws, c.shift);

    await expectClose(mask, naive.swinMask(c.H, c.W, c.ws, c.shift), 0);
  });

  it('splits the windows of an 8x8 map with shift 2 into 1, 2, 2 and 4 regions', async () => {
    const mask = shiftedWindowMask(8, 8, 4, 2);

    const windows = (await mask.array()) as number[][][];

    const regions = windows.map((w) => new Set(w.map((row) => row.join(''))).size);
    expect(regions).toEqual([1, 2, 2, 4]);
    expect(windows[0]!.flat().every((v) => v === 1)).toBe(true);
  });

  it.each([
    { H: 8, W: 8, ws: 4, shift: 2 },
    { H: 4, W: 8, ws: 2, shift: 1 },
  ])('is symmetric with ones on the diagonal for $H x $W', async ({ H, W, ws, shift }) => {
    const mask = shiftedWindowMask(H, W, ws, shift);

    const transposed = tf.transpose(mask, [0, 2, 1]);
    const diagonal = tf.sum(tf.mul(mask, tf.eye(ws * ws)), [1, 2]);

    expect(await transposed.data()).toEqual(await mask.data());
    const nW = (H / ws) * (W / ws);
    expect(await diagonal.array()).toEqual(new Array<number>(nW).fill(ws * ws));
  });

  it.each([4, -1, 1.5])('rejects shift %s for a window of 4', (shift) => {
    const call = () => shiftedWindowMask(8, 8, 4, shift);

    expect(call).toThrow(/shift must be an integer in \[0, 4\), got/);
  });

  it('rejects a map size not divisible by the window size', () => {
    const call = () => shiftedWindowMask(8, 6, 4, 2);

    expect(call).toThrow(/H = 8 and W = 6 must be divisible by the window size 4/);
  });
});

/** The official index, transcribed: coords[:, a] - coords[:, b], shifted, row-scaled. */
function officialIndex(ws: number): number[][] {
  const coords = Array.from({ length: ws * ws }, (_, n) => [Math.floor(n / ws), n % ws]);
  return coords.map(([ha, wa]) =>
    coords.map(([hb, wb]) => (ha! - hb! + ws - 1) * (2 * ws - 1) + (wa! - wb! + ws - 1)),
  );
}

describe.each(BACKENDS)('relative position index and bias on the %s backend', (backend) => {
  onBackend(backend);

  it('gives the official index for a window of 2', async () => {
    const index = relativePositionIndex(2);

    expect(index.dtype).toBe('int32');
    expect(await index.array()).toEqual([
      [4, 3, 1, 0],
      [5, 4, 2, 1],
      [7, 6, 4, 3],
      [8, 7, 5, 4],
    ]);
  });

  it.each([2, 3, 4, 7])('uses every table row in [0, (2ws-1)²) for a window of %i', async (ws) => {
    const index = relativePositionIndex(ws);

    const values = new Set(await index.data());

    expect(values.size).toBe((2 * ws - 1) ** 2);
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe((2 * ws - 1) ** 2 - 1);
    expect(await index.array()).toEqual(officialIndex(ws));
  });

  it.each([2, 3, 7])('has (ws-1)(2ws-1) + ws-1 all along the diagonal for ws = %i', async (ws) => {
    const centre = (ws - 1) * (2 * ws - 1) + (ws - 1);

    const index = (await relativePositionIndex(ws).array()) as number[][];

    expect(index.map((row, a) => row[a])).toEqual(new Array<number>(ws * ws).fill(centre));
  });

  it('gathers bias[h][a][b] from table row index(a, b), column h', async () => {
    const ws = 3;
    const heads = 2;
    const table = naive.uniform(naive.mulberry32(81), [25, heads]);
    const index = officialIndex(ws);
    const N = ws * ws;
    const expected = new Float64Array(heads * N * N);
    for (let h = 0; h < heads; h++) {
      for (let a = 0; a < N; a++) {
        for (let b = 0; b < N; b++) {
          expected[(h * N + a) * N + b] = table.data[index[a]![b]! * heads + h]!;
        }
      }
    }

    const bias = relativePositionBias(toTensor(table), ws);

    await expectClose(bias, naive.arr([heads, N, N], expected), 0);
  });

  it('rejects a table with the wrong number of rows', () => {
    const call = () => relativePositionBias(tf.zeros([16, 2]), 3);

    expect(call).toThrow(/expected table \[25, heads\] for window 3, got \[16,2\]/);
  });
});

describe.each(BACKENDS)('window attention on the %s backend', (backend) => {
  onBackend(backend);

  const rng = naive.mulberry32(91);
  const shape = [2 * 4, 2, 16, 4]; // two images of four 4x4 windows, two heads, hd 4
  const [q, k, v] = [0, 1, 2].map(() => naive.uniform(rng, shape, 1.5)) as [Arr, Arr, Arr];
  const bias = naive.uniform(rng, [2, 16, 16]);

  it('matches naive loops with bias and the -100 mask, window w using mask w mod nW', async () => {
    const mask = naive.swinMask(8, 8, 4, 2);
    const [tq, tk, tv, tbias, tmask] = [q, k, v, bias, mask].map(toTensor) as tf.Tensor[];

    const out = windowAttention(tq!, tk!, tv!, tbias!, tmask);

    await expectClose(out, naive.windowAttention(q, k, v, bias, mask));
  });

  it('matches naive loops with the bias alone when there is no mask', async () => {
    const out = windowAttention(toTensor(q), toTensor(k), toTensor(v), toTensor(bias));

    await expectClose(out, naive.windowAttention(q, k, v, bias));
  });

  it('rejects a mask whose window count does not divide the batch of windows', () => {
    const call = () =>
      windowAttention(toTensor(q), toTensor(k), toTensor(v), toTensor(bias), tf.ones([3, 16, 16]));

    expect(call).toThrow(/expected mask \[nW, 16, 16\] with nW dividing 8, got \[3,16,16\]/);
  });

  it('keeps no tensors once its inputs and output are disposed', () => {
    const before = tf.memory().numTensors;
    const inputs = [toTensor(q), toTensor(k), toTensor(v), toTensor(bias), tf.ones([4, 16, 16])];

    const out = windowAttention(inputs[0]!, inputs[1]!, inputs[2]!, inputs[3]!, inputs[4]);
    tf.dispose([...inputs, out]);

    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(BACKENDS)('patch embedding and patch merging on the %s backend', (backend) => {
  onBackend(backend);

  it('matches naive convolution loops on a non-square image', async () => {
    const rng = naive.mulberry32(101);
    const images = naive.uniform(rng, [2, 8, 12, 3]);
    const kernel = naive.uniform(rng, [4, 4, 3, 5], 0.5);
    const bias = naive.uniform(rng, [5], 0.2);

    const out = patchEmbedding(toTensor(images), toTensor(kernel), toTensor(bias), 4);

    await expectClose(out, naive.patchEmbedding(images, kernel, bias, 4));
  });

  it('moves PyTorch weight[e][c][i][j] to kernel[i][j][c][e]', async () => {
    const weight = iota([5, 3, 2, 2]);

    const kernel = (await kernelFromTorch(toTensor(weight)).array()) as number[][][][];

    const torch = (e: number, c: number, i: number, j: number) => ((e * 3 + c) * 2 + i) * 2 + j;
    expect([kernel.length, kernel[0]!.length, kernel[0]![0]!.length]).toEqual([2, 2, 3]);
    expect(kernel[0]![0]![0]).toEqual([0, 1, 2, 3, 4].map((e) => torch(e, 0, 0, 0)));
    expect(kernel[0]![1]![2]![4]).toBe(torch(4, 2, 0, 1));
    expect(kernel[1]![0]![1]![3]).toBe(torch(3, 1, 1, 0));
    expect(kernel[1]![1]![2]![0]).toBe(torch(0, 2, 1, 1));
  });

  it('rejects an image whose size is not divisible by the patch size', () => {
    const [images, kernel, bias] = [tf.zeros([1, 8, 10, 3]), tf.zeros([4, 4, 3, 2]), tf.zeros([2])];

    const call = () => patchEmbedding(images, kernel, bias, 4);

    expect(call).toThrow(/H and W divisible by 4/);
  });

  it('gathers 2x2 neighbourhoods in the official order (0,0), (1,0), (0,1), (1,1)', async () => {
    const x = iota([2, 4, 6, 3]);

    const out = gatherPatches(toTensor(x));

    await expectClose(out, naive.gatherPatches(x), 0);
  });

  it('matches naive gather, layer norm and bias-free reduction', async () => {
    const rng = naive.mulberry32(102);
    const x = naive.uniform(rng, [2, 4, 6, 3]);
    const gamma = naive.uniform(rng, [12], 0.5, 1);
    const beta = naive.uniform(rng, [12], 0.3);
    const reduction = naive.uniform(rng, [12, 6], 0.5);

    const out = patchMerging(toTensor(x), toTensors({ gamma, beta, reduction }));

    const expected = naive.linear(naive.layerNorm(naive.gatherPatches(x), gamma, beta), reduction);
    await expectClose(out, expected);
  });

  it('rejects a map of odd height', () => {
    const call = () => gatherPatches(tf.zeros([1, 5, 4, 2]));

    expect(call).toThrow(/H and W even, got \[1,5,4,2\]/);
  });
});
