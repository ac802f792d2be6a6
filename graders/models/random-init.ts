import { serializeSafetensors } from '../checkpoint/safetensors.ts';
import type { TensorToWrite } from '../checkpoint/safetensors.ts';
import { createRng, normals } from '../grading/random.ts';
import type { Rng } from '../grading/random.ts';
import type { Architecture } from './index.ts';

// Small models with random weights, in PyTorch's state_dict names and layouts: what the
// graders plug a learner's function into. Weights are large enough (std 0.2) that a wrong
// part moves the outputs far past the tolerance.

type StateDict = Record<string, TensorToWrite>;

/** A model to check against: config, weights and inputs, as the CLI's `forward` reads them. */
export interface RandomModel {
  arch: Architecture;
  config: Record<string, unknown>;
  weights: Uint8Array;
  inputs: Uint8Array;
}

class Init {
  readonly sd: StateDict = {};
  readonly #rng: Rng;

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  tensor(name: string, shape: number[], scale: number, offset = 0): void {
    const count = shape.reduce((a, b) => a * b, 1);
    this.sd[name] = { dtype: 'F32', shape, data: normals(this.#rng, count, scale, offset) };
  }

  /** A PyTorch Linear: weight `[out, in]`, optional bias. */
  linear(name: string, inDim: number, outDim: number, bias = true): void {
    this.tensor(`${name}.weight`, [outDim, inDim], 0.2);
    if (bias) this.tensor(`${name}.bias`, [outDim], 0.1);
  }

  layerNorm(name: string, dim: number, bias = true): void {
    this.tensor(`${name}.weight`, [dim], 0.1, 1);
    if (bias) this.tensor(`${name}.bias`, [dim], 0.1);
  }
}

function ids(rng: Rng, B: number, T: number, vocab: number, first = 0): Int32Array {
  return Int32Array.from({ length: B * T }, () => rng.int(first, vocab));
}

/** nanoGPT with 2 layers, 2 heads, C = 16; tokens `[2, 8]`. */
export function randomGpt(seed: number, overrides: Record<string, unknown> = {}): RandomModel {
  const config = { block_size: 8, vocab_size: 32, n_layer: 2, n_head: 2, n_embd: 16, bias: true };
  Object.assign(config, overrides);
  const { block_size: P, vocab_size: V, n_layer: L, n_embd: C, bias } = config;
  const rng = createRng(seed);
  const init = new Init(rng);
  init.tensor('transformer.wte.weight', [V, C], 0.5);
  init.tensor('transformer.wpe.weight', [P, C], 0.5);
  for (let i = 0; i < L; i++) {
    const h = `transformer.h.${i}.`;
    init.layerNorm(`${h}ln_1`, C, bias);
    init.linear(`${h}attn.c_attn`, C, 3 * C, bias);
    init.linear(`${h}attn.c_proj`, C, C, bias);
    init.layerNorm(`${h}ln_2`, C, bias);
    init.linear(`${h}mlp.c_fc`, C, 4 * C, bias);
    init.linear(`${h}mlp.c_proj`, 4 * C, C, bias);
  }
  init.layerNorm('transformer.ln_f', C, bias);
  const tokens = { dtype: 'I64' as const, shape: [2, P], data: ids(rng, 2, P, V) };
  return finish('gpt', config, init.sd, { tokens });
}

/** HuggingFace BertModel with 2 layers, 2 heads, hidden 16; inputs `[2, 8]`, row 1 padded. */
export function randomBert(seed: number, overrides: Record<string, unknown> = {}): RandomModel {
  const config = {
    vocab_size: 32,
    hidden_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 32,
    hidden_act: 'gelu',
    max_position_embeddings: 16,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
  };
  Object.assign(config, overrides);
  const { vocab_size: V, hidden_size: H, intermediate_size: I } = config;
  const rng = createRng(seed);
  const init = new Init(rng);
  init.tensor('embeddings.word_embeddings.weight', [V, H], 0.5);
  init.tensor('embeddings.position_embeddings.weight', [config.max_position_embeddings, H], 0.5);
  init.tensor('embeddings.token_type_embeddings.weight', [config.type_vocab_size, H], 0.5);
  init.layerNorm('embeddings.LayerNorm', H);
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const l = `encoder.layer.${i}.`;
    for (const name of ['query', 'key', 'value']) init.linear(`${l}attention.self.${name}`, H, H);
    init.linear(`${l}attention.output.dense`, H, H);
    init.layerNorm(`${l}attention.output.LayerNorm`, H);
    init.linear(`${l}intermediate.dense`, H, I);
    init.linear(`${l}output.dense`, I, H);
    init.layerNorm(`${l}output.LayerNorm`, H);
  }
  const T = 8;
  const types = Int32Array.from({ length: 2 * T }, (_, i) => (i % T >= T / 2 ? 1 : 0));
  const valid = Int32Array.from({ length: 2 * T }, (_, i) => (i >= T + 5 ? 0 : 1));
  return finish('bert', config, init.sd, {
    input_ids: { dtype: 'I64', shape: [2, T], data: ids(rng, 2, T, V) },
    token_type_ids: { dtype: 'I64', shape: [2, T], data: types },
    attention_mask: { dtype: 'I64', shape: [2, T], data: valid },
  });
}

/**
 * The official Swin with a 16×16 image, patch 2, window 4, depths [2, 2]: stage 0 (8×8) has a
 * shifted block, stage 1 (4×4) shrinks nothing and shifts nothing; pixels `[2, 3, 16, 16]`.
 */
export function randomSwin(seed: number, overrides: Record<string, unknown> = {}): RandomModel {
  const config = {
    img_size: 16,
    patch_size: 2,
    in_chans: 3,
    num_classes: 6,
    embed_dim: 8,
    depths: [2, 2],
    num_heads: [2, 2],
    window_size: 4,
    mlp_ratio: 2,
    qkv_bias: true,
    ape: false,
    patch_norm: true,
  };
  Object.assign(config, overrides);
  const { embed_dim: E, patch_size: p, window_size: ws, in_chans: Cin } = config;
  const rng = createRng(seed);
  const init = new Init(rng);
  init.tensor('patch_embed.proj.weight', [E, Cin, p, p], 0.3);
  init.tensor('patch_embed.proj.bias', [E], 0.1);
  init.layerNorm('patch_embed.norm', E);
  let resolution = config.img_size / p;
  config.depths.forEach((depth, i) => {
    const dim = E * 2 ** i;
    const heads = config.num_heads[i]!;
    const w = Math.min(resolution, ws);
    for (let j = 0; j < depth; j++) {
      const b = `layers.${i}.blocks.${j}.`;
      init.layerNorm(`${b}norm1`, dim);
      init.tensor(`${b}attn.relative_position_bias_table`, [(2 * w - 1) ** 2, heads], 0.5);
      init.linear(`${b}attn.qkv`, dim, 3 * dim, config.qkv_bias);
      init.linear(`${b}attn.proj`, dim, dim);
      init.layerNorm(`${b}norm2`, dim);
      init.linear(`${b}mlp.fc1`, dim, Math.trunc(dim * config.mlp_ratio));
      init.linear(`${b}mlp.fc2`, Math.trunc(dim * config.mlp_ratio), dim);
    }
    if (i < config.depths.length - 1) {
      init.layerNorm(`layers.${i}.downsample.norm`, 4 * dim);
      init.linear(`layers.${i}.downsample.reduction`, 4 * dim, 2 * dim, false);
      resolution /= 2;
    }
  });
  const features = E * 2 ** (config.depths.length - 1);
  init.layerNorm('norm', features);
  init.linear('head', features, config.num_classes);
  const pixels = normals(rng, 2 * Cin * config.img_size ** 2);
  return finish('swin', config, init.sd, {
    pixel_values: { dtype: 'F32', shape: [2, Cin, config.img_size, config.img_size], data: pixels },
  });
}

function finish(
  arch: Architecture,
  config: Record<string, unknown>,
  weights: StateDict,
  inputs: StateDict,
): RandomModel {
  return { arch, config, weights: serializeSafetensors(weights), inputs: serializeSafetensors(inputs) };
}

/** A random model of the given architecture. */
export function randomModel(
  arch: Architecture,
  seed: number,
  overrides: Record<string, unknown> = {},
): RandomModel {
  const make = { gpt: randomGpt, bert: randomBert, swin: randomSwin }[arch];
  return make(seed, overrides);
}
