import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { StateDict } from '../checkpoint/state-dict.ts';
import type { SafetensorsFile } from '../checkpoint/safetensors.ts';
import * as ref from '../reference/index.ts';
import { partOutput, scoped } from '../reference/seam.ts';
import type {
  CausalSelfAttentionWeights,
  FeedForwardWeights,
  LayerNormWeights,
} from '../reference/index.ts';
import { buildModel, collectTensors, parseConfig, positiveInt } from './config.ts';
import { resolveParts } from './parts.ts';
import type { ModelParts } from './parts.ts';

/** nanoGPT's `GPTConfig`, with its defaults. */
export const GptConfigSchema = z
  .object({
    block_size: positiveInt.default(1024),
    vocab_size: positiveInt.default(50304),
    n_layer: z.number().int().nonnegative().default(12),
    n_head: positiveInt.default(12),
    n_embd: positiveInt.default(768),
    dropout: z.number().min(0).max(1).default(0),
    bias: z.boolean().default(true),
  })
  .refine((c) => c.n_embd % c.n_head === 0, {
    message: 'n_embd must be divisible by n_head',
    path: ['n_embd'],
  });
export type GptConfig = z.infer<typeof GptConfigSchema>;

const LN_EPS = 1e-5;

interface GptBlock {
  ln1: LayerNormWeights;
  attn: CausalSelfAttentionWeights;
  ln2: LayerNormWeights;
  mlp: FeedForwardWeights;
}

/**
 * nanoGPT's GPT: token and position embeddings, pre-LayerNorm blocks of causal self-attention
 * and an erf-GELU MLP, a final LayerNorm and the language-model head.
 */
export class Gpt {
  readonly config: GptConfig;
  readonly #wte: Tensor; // (V, C)
  readonly #wpe: Tensor; // (P, C)
  readonly #blocks: GptBlock[];
  readonly #lnF: LayerNormWeights;
  readonly #lmHead: Tensor; // (C, V)

  constructor(config: GptConfig, state: StateDict) {
    this.config = config;
    const { vocab_size: V, block_size: P, n_embd: C } = config;
    const { wte, lmHead } = takeEmbeddingAndHead(state, V, C);
    this.#wte = wte;
    this.#lmHead = lmHead;
    this.#wpe = state.take('transformer.wpe.weight', [P, C]);
    this.#blocks = Array.from({ length: config.n_layer }, (_, i) =>
      takeBlock(state, `transformer.h.${i}.`, config),
    );
    this.#lnF = takeLayerNorm(state, 'transformer.ln_f', C, config.bias);
    state.finish('nanoGPT GPT');
  }

  /**
   * Logits for every position.
   *
   * Args: tokens `[B, T]` int32 with T <= block_size; parts to replace (a learner's).
   * Returns: `[B, T, vocab_size]`.
   */
  forward(tokens: Tensor, given: Partial<ModelParts> = {}): Promise<Tensor> {
    const parts = resolveParts(given);
    const { block_size, n_head } = this.config;
    const [B, T] = tokens.shape as [number, number];
    if (tokens.rank !== 2 || T > block_size) {
      throw new Error(`GPT: expected tokens [B, T] with T <= ${block_size}, got [${tokens.shape}]`);
    }
    return scoped(async () => {
      const tok = ref.embed(tokens, this.#wte); // (B, T, C)
      const pos = ref.positionEmbedding(T, this.#wpe); // (T, C)
      let x = tf.add(tok, pos); // (B, T, C)

      for (const block of this.#blocks) {
        const h = await norm(parts, x, block.ln1);
        const a = await partOutput(
          'causalSelfAttention',
          parts.causalSelfAttention(h, block.attn, n_head),
          [B, T, -1],
        );
        x = tf.add(x, a);
        const m = await partOutput(
          'feedForward',
          parts.feedForward(await norm(parts, x, block.ln2), block.mlp, ref.geluErf),
          x.shape,
        );
        x = tf.add(x, m);
      }

      const out = await norm(parts, x, this.#lnF);
      return ref.linear(out, this.#lmHead); // (B, T, V)
    });
  }

  /** Every weight tensor of the model. */
  tensors(): Tensor[] {
    return collectTensors([this.#wte, this.#wpe, this.#blocks, this.#lnF, this.#lmHead]);
  }

  dispose(): void {
    tf.dispose(this.tensors());
  }
}

/** Loads nanoGPT from its config (`GPTConfig` fields) and a `state_dict`. */
export function loadGpt(config: unknown, file: SafetensorsFile): Gpt {
  const parsed = parseConfig('GPT', GptConfigSchema, config);
  return buildModel(() => new Gpt(parsed, new StateDict(file, '_orig_mod.')));
}

function norm(parts: ModelParts, x: Tensor, w: LayerNormWeights): Promise<Tensor> {
  return partOutput('layerNorm', parts.layerNorm(x, w.gamma, w.beta, LN_EPS), x.shape);
}

// nanoGPT ties lm_head to wte; a checkpoint may hold either one, or both.
function takeEmbeddingAndHead(state: StateDict, V: number, C: number) {
  const wteName = 'transformer.wte.weight';
  const headName = 'lm_head.weight';
  const wte = state.has(wteName) ? state.take(wteName, [V, C]) : state.take(headName, [V, C]);
  const head = state.has(headName) && state.has(wteName) ? state.take(headName, [V, C]) : wte;
  const lmHead = tf.transpose(head); // (C, V)
  if (head !== wte) head.dispose();
  return { wte, lmHead };
}

function takeBlock(state: StateDict, prefix: string, config: GptConfig): GptBlock {
  const { n_embd: C, bias, block_size: P } = config;
  // older nanoGPT keeps its causal mask as a buffer named "attn.bias"
  state.skipBuffer(`${prefix}attn.bias`, [1, 1, P, P]);
  const c = `${prefix}attn.c_`;
  const m = `${prefix}mlp.c_`;
  return {
    ln1: takeLayerNorm(state, `${prefix}ln_1`, C, bias),
    attn: {
      wqkv: state.takeLinear(`${c}attn.weight`, C, 3 * C),
      bqkv: takeBias(state, `${c}attn.bias`, 3 * C, bias),
      wo: state.takeLinear(`${c}proj.weight`, C, C),
      bo: takeBias(state, `${c}proj.bias`, C, bias),
    },
    ln2: takeLayerNorm(state, `${prefix}ln_2`, C, bias),
    mlp: {
      w1: state.takeLinear(`${m}fc.weight`, C, 4 * C),
      b1: takeBias(state, `${m}fc.bias`, 4 * C, bias),
      w2: state.takeLinear(`${m}proj.weight`, 4 * C, C),
      b2: takeBias(state, `${m}proj.bias`, C, bias),
    },
  };
}

/** A bias when the config has them, zeros when `bias: false` (the contract always passes one). */
function takeBias(state: StateDict, name: string, size: number, bias: boolean): Tensor {
  return bias ? state.take(name, [size]) : tf.zeros([size]);
}

function takeLayerNorm(state: StateDict, name: string, C: number, bias: boolean) {
  return {
    gamma: state.take(`${name}.weight`, [C]),
    beta: takeBias(state, `${name}.bias`, C, bias),
  };
}
