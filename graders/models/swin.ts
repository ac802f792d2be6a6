import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { StateDict } from '../checkpoint/state-dict.ts';
import type { SafetensorsFile } from '../checkpoint/safetensors.ts';
import * as ref from '../reference/index.ts';
import { partOutput, scoped } from '../reference/seam.ts';
import type {
  FeedForwardWeights,
  LayerNormWeights,
  LinearWeights,
  PatchMergingWeights,
} from '../reference/index.ts';
import { buildModel, collectTensors, ConfigError, parseConfig, positiveInt } from './config.ts';
import { resolveParts } from './parts.ts';
import type { ModelParts } from './parts.ts';

const sizePair = z.union([positiveInt, z.tuple([positiveInt, positiveInt])]);

/** The official `SwinTransformer` constructor's arguments, with its defaults. */
export const SwinConfigSchema = z.object({
  img_size: sizePair.default(224),
  patch_size: sizePair.default(4),
  in_chans: positiveInt.default(3),
  num_classes: z.number().int().nonnegative().default(1000),
  embed_dim: positiveInt.default(96),
  depths: z.array(z.number().int().nonnegative()).min(1).default([2, 2, 6, 2]),
  num_heads: z.array(positiveInt).min(1).default([3, 6, 12, 24]),
  window_size: positiveInt.default(7),
  mlp_ratio: z.number().positive().default(4),
  qkv_bias: z.boolean().default(true),
  qk_scale: z.number().positive().nullable().default(null),
  ape: z.boolean().default(false),
  patch_norm: z.boolean().default(true),
});
export type SwinConfig = z.infer<typeof SwinConfigSchema>;

const LN_EPS = 1e-5;

interface SwinBlock {
  windowSize: number;
  shiftSize: number;
  heads: number;
  qScale: number; // multiplies q so that windowAttention's 1/√hd gives the config's scale
  norm1: LayerNormWeights;
  qkv: LinearWeights; // w (C, 3C)
  biasTable: Tensor; // ((2ws - 1)², heads)
  proj: LinearWeights;
  norm2: LayerNormWeights;
  mlp: FeedForwardWeights;
}

interface SwinStage {
  blocks: SwinBlock[];
  downsample?: PatchMergingWeights;
}

/**
 * The official Swin Transformer for classification: patch embedding, stages of (shifted)
 * window attention blocks with patch merging between them, LayerNorm, average pooling, head.
 */
export class Swin {
  readonly config: SwinConfig;
  readonly #patchSize: number;
  readonly #grid: [number, number]; // patches per column and row
  readonly #patchKernel: Tensor; // (p, p, Cin, E)
  readonly #patchBias: Tensor;
  readonly #patchNorm?: LayerNormWeights;
  readonly #absPos?: Tensor; // (1, N, E)
  readonly #stages: SwinStage[];
  readonly #norm: LayerNormWeights;
  readonly #head?: LinearWeights;

  constructor(config: SwinConfig, state: StateDict) {
    this.config = config;
    const { grid, patch } = patchGrid(config);
    this.#grid = grid;
    this.#patchSize = patch;
    const E = config.embed_dim;
    const weight = state.take('patch_embed.proj.weight', [E, config.in_chans, patch, patch]);
    this.#patchKernel = ref.kernelFromTorch(weight);
    weight.dispose();
    this.#patchBias = state.take('patch_embed.proj.bias', [E]);
    if (config.patch_norm) this.#patchNorm = takeLayerNorm(state, 'patch_embed.norm', E);
    if (config.ape) this.#absPos = state.take('absolute_pos_embed', [1, grid[0] * grid[1], E]);
    this.#stages = config.depths.map((_, i) => takeStage(state, config, i, grid));
    const C = E * 2 ** (config.depths.length - 1);
    this.#norm = takeLayerNorm(state, 'norm', C);
    if (config.num_classes > 0) {
      this.#head = {
        w: state.takeLinear('head.weight', C, config.num_classes),
        b: state.take('head.bias', [config.num_classes]),
      };
    }
    state.finish('Swin Transformer');
  }

  /**
   * Class logits (or pooled features when num_classes is 0).
   *
   * Args: pixels `[B, in_chans, H, W]` (PyTorch's layout) at the config's image size.
   * Returns: `[B, num_classes]`.
   */
  forward(pixels: Tensor, given: Partial<ModelParts> = {}): Promise<Tensor> {
    const parts = resolveParts(given);
    const [B, Cin, H, W] = pixels.shape as [number, number, number, number];
    const [gh, gw] = this.#grid;
    const p = this.#patchSize;
    if (pixels.rank !== 4 || Cin !== this.config.in_chans || H !== gh * p || W !== gw * p) {
      throw new Error(
        `Swin: expected pixel_values [B, ${this.config.in_chans}, ${gh * p}, ` +
          `${gw * p}], got [${pixels.shape}]`,
      );
    }
    return scoped(async () => {
      const images = tf.transpose(pixels, [0, 2, 3, 1]); // (B, H, W, Cin)
      let x = await partOutput(
        'patchEmbedding',
        parts.patchEmbedding(images, this.#patchKernel, this.#patchBias, p),
        [B, gh * gw, this.config.embed_dim],
      ); // (B, N, E)
      if (this.#patchNorm) x = await norm(parts, x, this.#patchNorm);
      if (this.#absPos) x = tf.add(x, this.#absPos);
      x = tf.reshape(x, [B, gh, gw, this.config.embed_dim]); // (B, gh, gw, E)

      for (const stage of this.#stages) {
        for (const block of stage.blocks) x = await swinBlock(parts, x, block);
        if (stage.downsample) x = await mergePatches(parts, x, stage.downsample);
      }

      // pool the tokens, then classify
      const pooled = tf.mean(await norm(parts, x, this.#norm), [1, 2]); // (B, C)
      return this.#head ? ref.linear(pooled, this.#head.w, this.#head.b) : pooled;
    });
  }

  /** Every weight tensor of the model. */
  tensors(): Tensor[] {
    return collectTensors([
      this.#patchKernel,
      this.#patchBias,
      this.#patchNorm,
      this.#absPos,
      this.#stages,
      this.#norm,
      this.#head,
    ]);
  }

  dispose(): void {
    tf.dispose(this.tensors());
  }
}

/** Loads the official Swin from its constructor's arguments and a `state_dict`. */
export function loadSwin(config: unknown, file: SafetensorsFile): Swin {
  const parsed = parseConfig('Swin', SwinConfigSchema, config);
  if (parsed.num_heads.length !== parsed.depths.length) {
    throw new ConfigError(
      `invalid Swin config: num_heads has ${parsed.num_heads.length} ` +
        `entries but depths has ${parsed.depths.length}`,
    );
  }
  return buildModel(() => new Swin(parsed, new StateDict(file)));
}

/**
 * One Swin block: (shifted) window attention and an MLP, each pre-LayerNorm and residual.
 *
 * Args: x `[B, H, W, C]`. Returns: `[B, H, W, C]`.
 */
async function swinBlock(parts: ModelParts, x: Tensor, block: SwinBlock): Promise<Tensor> {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const { windowSize: ws, shiftSize: shift, heads } = block;
  const N = ws * ws;
  const count = B * (H / ws) * (W / ws);

  // cyclic shift, then cut into windows
  let h = await norm(parts, x, block.norm1); // (B, H, W, C)
  if (shift > 0) h = ref.cyclicShift(h, -shift);
  const windows = await partOutput('windowPartition', parts.windowPartition(h, ws), [
    count,
    ws,
    ws,
    C,
  ]); // (B·nW, ws, ws, C)

  // attention inside each window
  const qkv = ref.linear(tf.reshape(windows, [count, N, C]), block.qkv.w, block.qkv.b);
  // (B·nW, N, 3C)
  const split = tf.transpose(tf.reshape(qkv, [count, N, 3, heads, C / heads]), [2, 0, 3, 1, 4]);
  // (3, B·nW, heads, N, hd)
  const [q, k, v] = tf.unstack(split);
  const bias = ref.relativePositionBias(block.biasTable, ws); // (heads, N, N)
  const mask =
    shift > 0
      ? await partOutput(
          'shiftedWindowMask',
          parts.shiftedWindowMask(H, W, ws, shift),
          [count / B, N, N],
          true,
        )
      : undefined;
  const attended = await partOutput(
    'windowAttention',
    parts.windowAttention(tf.mul(q!, block.qScale), k!, v!, bias, mask),
    [count, heads, N, C / heads],
  ); // (B·nW, heads, N, hd)
  const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [count, N, C]); // (B·nW, N, C)
  const projected = ref.linear(merged, block.proj.w, block.proj.b); // (B·nW, N, C)

  // windows back into the map, and undo the shift
  let y = await partOutput(
    'windowReverse',
    parts.windowReverse(tf.reshape(projected, [count, ws, ws, C]), ws, H, W),
    [B, H, W, C],
  ); // (B, H, W, C)
  if (shift > 0) y = ref.cyclicShift(y, shift);
  const x1 = tf.add(x, y);

  const m = await partOutput(
    'feedForward',
    parts.feedForward(await norm(parts, x1, block.norm2), block.mlp, ref.geluErf),
    x1.shape,
  );
  return tf.add(x1, m);
}

async function mergePatches(parts: ModelParts, x: Tensor, w: PatchMergingWeights) {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  return partOutput('patchMerging', parts.patchMerging(x, w, LN_EPS), [B, H / 2, W / 2, 2 * C]);
}

function norm(parts: ModelParts, x: Tensor, w: LayerNormWeights): Promise<Tensor> {
  return partOutput('layerNorm', parts.layerNorm(x, w.gamma, w.beta, LN_EPS), x.shape);
}

function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

function patchGrid(config: SwinConfig): { grid: [number, number]; patch: number } {
  const [ih, iw] = pair(config.img_size);
  const [ph, pw] = pair(config.patch_size);
  if (ph !== pw) {
    throw new ConfigError(`invalid Swin config: patch_size must be square, got [${ph}, ${pw}]`);
  }
  if (ih % ph !== 0 || iw % ph !== 0) {
    throw new ConfigError(
      `invalid Swin config: img_size [${ih}, ${iw}] is not divisible by ` + `patch_size ${ph}`,
    );
  }
  return { grid: [ih / ph, iw / ph], patch: ph };
}

function takeStage(
  state: StateDict,
  config: SwinConfig,
  i: number,
  grid: [number, number],
): SwinStage {
  const dim = config.embed_dim * 2 ** i;
  const resolution: [number, number] = [grid[0] / 2 ** i, grid[1] / 2 ** i];
  const prefix = `layers.${i}.`;
  const blocks = Array.from({ length: config.depths[i]! }, (_, j) =>
    takeBlock(state, config, `${prefix}blocks.${j}.`, dim, config.num_heads[i]!, resolution, j),
  );
  if (i === config.depths.length - 1) return { blocks };
  const [h, w] = resolution;
  if (!Number.isInteger(h / 2) || !Number.isInteger(w / 2)) {
    throw new ConfigError(
      `invalid Swin config: stage ${i} resolution [${h}, ${w}] cannot ` +
        `be merged into 2×2 patches`,
    );
  }
  const downsample = {
    ...takeLayerNorm(state, `${prefix}downsample.norm`, 4 * dim),
    reduction: state.takeLinear(`${prefix}downsample.reduction.weight`, 4 * dim, 2 * dim),
  };
  return { blocks, downsample };
}

// The official block shrinks its window to the resolution, and drops the shift, when the
// resolution is not larger than the window.
function blockWindow(config: SwinConfig, resolution: [number, number], j: number) {
  const smallest = Math.min(...resolution);
  if (smallest <= config.window_size) return { windowSize: smallest, shiftSize: 0 };
  const ws = config.window_size;
  return { windowSize: ws, shiftSize: j % 2 === 0 ? 0 : Math.floor(ws / 2) };
}

function takeBlock(
  state: StateDict,
  config: SwinConfig,
  prefix: string,
  dim: number,
  heads: number,
  resolution: [number, number],
  j: number,
): SwinBlock {
  const { windowSize: ws, shiftSize } = blockWindow(config, resolution, j);
  const [h, w] = resolution;
  if (h % ws !== 0 || w % ws !== 0 || dim % heads !== 0) {
    throw new ConfigError(
      `invalid Swin config: block ${prefix} has resolution [${h}, ${w}], ` +
        `window ${ws}, dim ${dim} and ${heads} heads; the resolution must be divisible by the ` +
        `window and dim by the heads`,
    );
  }
  const N = ws * ws;
  state.skipBuffer(`${prefix}attn.relative_position_index`, [N, N]);
  if (shiftSize > 0) state.skipBuffer(`${prefix}attn_mask`, [(h / ws) * (w / ws), N, N]);
  const hidden = Math.trunc(dim * config.mlp_ratio);
  const hd = dim / heads;
  const a = `${prefix}attn.`;
  return {
    windowSize: ws,
    shiftSize,
    heads,
    qScale: config.qk_scale === null ? 1 : config.qk_scale * Math.sqrt(hd),
    norm1: takeLayerNorm(state, `${prefix}norm1`, dim),
    qkv: {
      w: state.takeLinear(`${a}qkv.weight`, dim, 3 * dim),
      b: config.qkv_bias ? state.take(`${a}qkv.bias`, [3 * dim]) : undefined,
    },
    biasTable: state.take(`${a}relative_position_bias_table`, [(2 * ws - 1) ** 2, heads]),
    proj: {
      w: state.takeLinear(`${a}proj.weight`, dim, dim),
      b: state.take(`${a}proj.bias`, [dim]),
    },
    norm2: takeLayerNorm(state, `${prefix}norm2`, dim),
    mlp: {
      w1: state.takeLinear(`${prefix}mlp.fc1.weight`, dim, hidden),
      b1: state.take(`${prefix}mlp.fc1.bias`, [hidden]),
      w2: state.takeLinear(`${prefix}mlp.fc2.weight`, hidden, dim),
      b2: state.take(`${prefix}mlp.fc2.bias`, [dim]),
    },
  };
}

function takeLayerNorm(state: StateDict, name: string, C: number): LayerNormWeights {
  return { gamma: state.take(`${name}.weight`, [C]), beta: state.take(`${name}.bias`, [C]) };
}
