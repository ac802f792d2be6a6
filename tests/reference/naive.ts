// Plain float64 loops that spell out what each building block computes, written without
// TensorFlow.js so that the reference implementations can be checked against them.

/** A dense row-major array of float64 values. */
export interface Arr {
  shape: number[];
  data: Float64Array;
}

/** The tiny seeded PRNG mulberry32: uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

export function arr(shape: number[], values: ArrayLike<number>): Arr {
  if (values.length !== sizeOf(shape)) {
    throw new Error(`arr: ${values.length} values do not fill shape [${shape}]`);
  }
  return { shape, data: Float64Array.from(values) };
}

/**
 * Uniform values in [offset - scale, offset + scale), each rounded to float32 so that a
 * float32 tensor made from them holds exactly the same numbers.
 */
export function uniform(rng: () => number, shape: number[], scale = 1, offset = 0): Arr {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(offset + scale * (2 * rng() - 1));
  return { shape, data };
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) out[d] = out[d + 1]! * shape[d + 1]!;
  return out;
}

/** The multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = rest % shape[d]!;
    rest = Math.floor(rest / shape[d]!);
  }
  return index;
}

/** The flat offset in an array of `shape` of a right-aligned, broadcast multi-index. */
export function broadcastOffset(shape: readonly number[], index: readonly number[]): number {
  const st = strides(shape);
  const skip = index.length - shape.length;
  let offset = 0;
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] !== 1) offset += index[skip + d]! * st[d]!;
  }
  return offset;
}

/** `x @ w + b` over the last axis of x; w is [in, out]. */
export function linear(x: Arr, w: Arr, b?: Arr): Arr {
  const n = x.shape[x.shape.length - 1]!;
  const out = w.shape[1]!;
  const rows = x.data.length / n;
  const data = new Float64Array(rows * out);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < out; o++) {
      let s = b ? b.data[o]! : 0;
      for (let i = 0; i < n; i++) s += x.data[r * n + i]! * w.data[i * out + o]!;
      data[r * out + o] = s;
    }
  }
  return { shape: [...x.shape.slice(0, -1), out], data };
}

/** A numerically stable softmax; a row of only -Infinity gives NaN, as PyTorch does. */
export function softmax(row: readonly number[]): number[] {
  const max = Math.max(...row);
  const exps = row.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, e) => a + e, 0);
  return exps.map((e) => e / sum);
}

/** How a blocked score is replaced: set to -Infinity, or pushed down by a large constant. */
export type Blocker = (score: number) => number;
export const setMinusInfinity: Blocker = () => -Infinity;
export const addMinus1e9: Blocker = (s) => s - 1e9;

/**
 * softmax(q kᵀ / √dk + extra) v, looping over every leading index.
 *
 * q [...L, Tq, dk], k [...L, Tk, dk], v [...L, Tk, dv] (same leading dims); mask broadcastable
 * to [...L, Tq, Tk], 0 = blocked. Returns the output and the weights.
 */
export function attention(
  q: Arr,
  k: Arr,
  v: Arr,
  mask?: Arr,
  blocker: Blocker = setMinusInfinity,
): { out: Arr; weights: Arr } {
  const r = q.shape.length;
  const lead = q.shape.slice(0, -2);
  const [Tq, dk] = q.shape.slice(-2) as [number, number];
  const Tk = k.shape[r - 2]!;
  const dv = v.shape[r - 1]!;
  const count = sizeOf(lead);
  const out = new Float64Array(count * Tq * dv);
  const weights = new Float64Array(count * Tq * Tk);
  for (let l = 0; l < count; l++) {
    const li = unravel(l, lead);
    for (let i = 0; i < Tq; i++) {
      const scores: number[] = [];
      for (let j = 0; j < Tk; j++) {
        let s = 0;
        for (let d = 0; d < dk; d++) {
          s += q.data[(l * Tq + i) * dk + d]! * k.data[(l * Tk + j) * dk + d]!;
        }
        s /= Math.sqrt(dk);
        const allowed = !mask || mask.data[broadcastOffset(mask.shape, [...li, i, j])] !== 0;
        scores.push(allowed ? s : blocker(s));
      }
      const p = softmax(scores);
      for (let j = 0; j < Tk; j++) weights[(l * Tq + i) * Tk + j] = p[j]!;
      for (let e = 0; e < dv; e++) {
        let s = 0;
        for (let j = 0; j < Tk; j++) s += p[j]! * v.data[(l * Tk + j) * dv + e]!;
        out[(l * Tq + i) * dv + e] = s;
      }
    }
  }
  return {
    out: { shape: [...lead, Tq, dv], data: out },
    weights: { shape: [...lead, Tq, Tk], data: weights },
  };
}

/** [B, T, C] -> [B, nh, T, C/nh]: channel h·hs + j of a token is channel j of head h. */
export function splitHeads(x: Arr, nh: number): Arr {
  const [B, T, C] = x.shape as [number, number, number];
  const hs = C / nh;
  const data = new Float64Array(x.data.length);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < nh; h++) {
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < hs; j++) {
          data[((b * nh + h) * T + t) * hs + j] = x.data[(b * T + t) * C + h * hs + j]!;
        }
      }
    }
  }
  return { shape: [B, nh, T, hs], data };
}

/** [B, nh, T, hs] -> [B, T, nh·hs], the inverse of splitHeads. */
export function mergeHeads(x: Arr): Arr {
  const [B, nh, T, hs] = x.shape as [number, number, number, number];
  const C = nh * hs;
  const data = new Float64Array(x.data.length);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < nh; h++) {
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < hs; j++) {
          data[(b * T + t) * C + h * hs + j] = x.data[((b * nh + h) * T + t) * hs + j]!;
        }
      }
    }
  }
  return { shape: [B, T, C], data };
}

export interface MultiHeadArrs {
  wq: Arr;
  bq: Arr;
  wk: Arr;
  bk: Arr;
  wv: Arr;
  bv: Arr;
  wo: Arr;
  bo: Arr;
}

/** Project, split heads, attend, merge heads, project. */
export function multiHeadAttention(
  query: Arr,
  key: Arr,
  value: Arr,
  w: MultiHeadArrs,
  nh: number,
  mask?: Arr,
): Arr {
  const q = splitHeads(linear(query, w.wq, w.bq), nh);
  const k = splitHeads(linear(key, w.wk, w.bk), nh);
  const v = splitHeads(linear(value, w.wv, w.bv), nh);
  return linear(mergeHeads(attention(q, k, v, mask).out), w.wo, w.bo);
}

/** Columns [from, from + n) of the last axis. */
export function sliceLast(x: Arr, from: number, n: number): Arr {
  const C = x.shape[x.shape.length - 1]!;
  const rows = x.data.length / C;
  const data = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) data[r * n + j] = x.data[r * C + from + j]!;
  }
  return { shape: [...x.shape.slice(0, -1), n], data };
}

/** A [T, T] mask with 1 where j <= i. */
export function lowerTriangle(T: number): Arr {
  const data = new Float64Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) data[i * T + j] = 1;
  return { shape: [T, T], data };
}

/** nanoGPT's causal self-attention: qkv = x Wqkv + b split q | k | v, heads, causal mask. */
export function causalSelfAttention(
  x: Arr,
  w: { wqkv: Arr; bqkv: Arr; wo: Arr; bo: Arr },
  nh: number,
): Arr {
  const [, T, C] = x.shape as [number, number, number];
  const qkv = linear(x, w.wqkv, w.bqkv);
  const [q, k, v] = [0, 1, 2].map((part) => splitHeads(sliceLast(qkv, part * C, C), nh));
  const y = attention(q!, k!, v!, lowerTriangle(T)).out;
  return linear(mergeHeads(y), w.wo, w.bo);
}

/** LayerNorm over the last axis: two-pass mean and biased variance, eps inside the root. */
export function layerNorm(x: Arr, gamma: Arr, beta: Arr, eps = 1e-5): Arr {
  const C = x.shape[x.shape.length - 1]!;
  const data = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length / C; r++) {
    const row = x.data.subarray(r * C, (r + 1) * C);
    const mean = row.reduce((a, b) => a + b, 0) / C;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / C;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let c = 0; c < C; c++) {
      data[r * C + c] = (row[c]! - mean) * inv * gamma.data[c]! + beta.data[c]!;
    }
  }
  return { shape: [...x.shape], data };
}

/**
 * erf in float64 by the everywhere-convergent series of positive terms
 * erf(x) = 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)); |erf(x)| = 1 to double
 * precision beyond |x| = 6.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  let term = a;
  let sum = a;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= (2 * a * a) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
}

export const reluOf = (x: number): number => Math.max(0, x);
export const geluErfOf = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));
export const geluTanhOf = (x: number): number =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

export function map(x: Arr, f: (v: number) => number): Arr {
  return { shape: [...x.shape], data: x.data.map(f) };
}

/** act(x W1 + b1) W2 + b2. */
export function feedForward(
  x: Arr,
  w: { w1: Arr; b1: Arr; w2: Arr; b2: Arr },
  act: (v: number) => number,
): Arr {
  return linear(map(linear(x, w.w1, w.b1), act), w.w2, w.b2);
}

/** Cuts [B, H, W, C] into ws×ws windows by index arithmetic: [B·nW, ws, ws, C]. */
export function windowPartition(x: Arr, ws: number): Arr {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const across = W / ws;
  const nW = (H / ws) * across;
  const data = new Float64Array(x.data.length);
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let win = 0; win < nW; win++) {
      const top = Math.floor(win / across) * ws;
      const left = (win % across) * ws;
      for (let r = 0; r < ws; r++) {
        for (let c = 0; c < ws; c++) {
          for (let ch = 0; ch < C; ch++) {
            data[o++] = x.data[((b * H + top + r) * W + left + c) * C + ch]!;
          }
        }
      }
    }
  }
  return { shape: [B * nW, ws, ws, C], data };
}

/** torch.roll along one axis: out[..., i, ...] = x[..., (i - shift) mod n, ...]. */
export function roll(x: Arr, shift: number, axis: number): Arr {
  const n = x.shape[axis]!;
  const data = new Float64Array(x.data.length);
  for (let flat = 0; flat < data.length; flat++) {
    const index = unravel(flat, x.shape);
    index[axis] = (((index[axis]! - shift) % n) + n) % n;
    data[flat] = x.data[broadcastOffset(x.shape, index)]!;
  }
  return { shape: [...x.shape], data };
}

/** Python's slice(start, stop) of range(n) with negative indices, as a list of indices. */
function pySlice(n: number, start: number, stop: number | null): number[] {
  const norm = (i: number) => (i < 0 ? Math.max(0, n + i) : Math.min(n, i));
  const from = norm(start);
  const to = stop === null ? n : norm(stop);
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/**
 * The official Swin attention mask, transcribed: label the regions of img_mask with the
 * slices (0, -ws), (-ws, -shift), (-shift, None) counting cnt, partition the labels into
 * windows, and compare labels pairwise. Returns [nW, N, N] with 1 = same region (shift > 0).
 */
export function swinMask(H: number, W: number, ws: number, shift: number): Arr {
  const img = new Float64Array(H * W);
  const slices = (n: number) => [
    pySlice(n, 0, -ws),
    pySlice(n, -ws, -shift),
    pySlice(n, -shift, null),
  ];
  let cnt = 0;
  for (const hs of slices(H)) {
    for (const wsl of slices(W)) {
      for (const h of hs) for (const w of wsl) img[h * W + w] = cnt;
      cnt++;
    }
  }
  const windows = windowPartition({ shape: [1, H, W, 1], data: img }, ws);
  const N = ws * ws;
  const nW = windows.shape[0]!;
  const data = new Float64Array(nW * N * N);
  for (let win = 0; win < nW; win++) {
    for (let a = 0; a < N; a++) {
      for (let b = 0; b < N; b++) {
        const same = windows.data[win * N + a] === windows.data[win * N + b];
        data[(win * N + a) * N + b] = same ? 1 : 0;
      }
    }
  }
  return { shape: [nW, N, N], data };
}

/**
 * Swin window attention: softmax(q kᵀ / √hd + bias[h] - 100·[mask blocks the pair]) v, with
 * window w of the batch using mask window w mod nW.
 */
export function windowAttention(q: Arr, k: Arr, v: Arr, bias: Arr, mask?: Arr): Arr {
  const [windows, heads, N, hd] = q.shape as [number, number, number, number];
  const nW = mask ? mask.shape[0]! : 1;
  const scale = 1 / Math.sqrt(hd);
  const data = new Float64Array(q.data.length);
  for (let w = 0; w < windows; w++) {
    for (let h = 0; h < heads; h++) {
      const base = (w * heads + h) * N;
      for (let i = 0; i < N; i++) {
        const scores: number[] = [];
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let d = 0; d < hd; d++) {
            s += q.data[(base + i) * hd + d]! * k.data[(base + j) * hd + d]!;
          }
          s = s * scale + bias.data[(h * N + i) * N + j]!;
          if (mask && mask.data[((w % nW) * N + i) * N + j] === 0) s -= 100;
          scores.push(s);
        }
        const p = softmax(scores);
        for (let d = 0; d < hd; d++) {
          let s = 0;
          for (let j = 0; j < N; j++) s += p[j]! * v.data[(base + j) * hd + d]!;
          data[(base + i) * hd + d] = s;
        }
      }
    }
  }
  return { shape: [...q.shape], data };
}

/** A stride-p, p×p convolution by loops: images [B,H,W,C], kernel [p,p,C,E] -> [B, N, E]. */
export function patchEmbedding(images: Arr, kernel: Arr, bias: Arr, p: number): Arr {
  const [B, H, W, C] = images.shape as [number, number, number, number];
  const E = kernel.shape[3]!;
  const across = W / p;
  const N = (H / p) * across;
  const data = new Float64Array(B * N * E);
  for (let b = 0; b < B; b++) {
    for (let n = 0; n < N; n++) {
      const top = Math.floor(n / across) * p;
      const left = (n % across) * p;
      for (let e = 0; e < E; e++) {
        let s = bias.data[e]!;
        for (let i = 0; i < p; i++) {
          for (let j = 0; j < p; j++) {
            for (let c = 0; c < C; c++) {
              const pixel = images.data[((b * H + top + i) * W + left + j) * C + c]!;
              s += pixel * kernel.data[((i * p + j) * C + c) * E + e]!;
            }
          }
        }
        data[(b * N + n) * E + e] = s;
      }
    }
  }
  return { shape: [B, N, E], data };
}

/** Swin's x0..x3 = x[0::2, 0::2], x[1::2, 0::2], x[0::2, 1::2], x[1::2, 1::2], concatenated. */
export function gatherPatches(x: Arr): Arr {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const offsets = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ] as const;
  const data = new Float64Array(x.data.length);
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < H / 2; i++) {
      for (let j = 0; j < W / 2; j++) {
        for (const [dr, dc] of offsets) {
          for (let c = 0; c < C; c++) {
            data[o++] = x.data[((b * H + 2 * i + dr) * W + 2 * j + dc) * C + c]!;
          }
        }
      }
    }
  }
  return { shape: [B, H / 2, W / 2, 4 * C], data };
}
