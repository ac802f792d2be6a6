import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { StateDict } from '../checkpoint/state-dict.ts';
import type { SafetensorsFile } from '../checkpoint/safetensors.ts';
import * as ref from '../reference/index.ts';
import { partOutput, scoped } from '../reference/seam.ts';
import type {
  BertEmbeddingWeights,
  FeedForwardWeights,
  LayerNormWeights,
  MultiHeadWeights,
} from '../reference/index.ts';
import { buildModel, collectTensors, parseConfig, positiveInt } from './config.ts';
import { resolveParts } from './parts.ts';
import type { ModelParts } from './parts.ts';

/** The activations HuggingFace's `hidden_act` names, mapped to the references. */
const HIDDEN_ACTS = {
  gelu: ref.geluErf,
  gelu_new: ref.geluTanh,
  gelu_pytorch_tanh: ref.geluTanh,
  relu: ref.relu,
} as const;

/** HuggingFace's `BertConfig`, with its defaults. */
export const BertConfigSchema = z
  .object({
    vocab_size: positiveInt.default(30522),
    hidden_size: positiveInt.default(768),
    num_hidden_layers: z.number().int().nonnegative().default(12),
    num_attention_heads: positiveInt.default(12),
    intermediate_size: positiveInt.default(3072),
    hidden_act: z.enum(['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu']).default('gelu'),
    max_position_embeddings: positiveInt.default(512),
    type_vocab_size: positiveInt.default(2),
    layer_norm_eps: z.number().positive().default(1e-12),
    position_embedding_type: z.literal('absolute').default('absolute'),
  })
  .refine((c) => c.hidden_size % c.num_attention_heads === 0, {
    message: 'hidden_size must be divisible by num_attention_heads',
    path: ['hidden_size'],
  });
export type BertConfig = z.infer<typeof BertConfigSchema>;

interface BertLayer {
  attention: MultiHeadWeights;
  attentionNorm: LayerNormWeights;
  ffn: FeedForwardWeights;
  outputNorm: LayerNormWeights;
}

/** BERT's inputs, all `[B, T]` int32. */
export interface BertInputs {
  inputIds: Tensor;
  tokenTypeIds?: Tensor;
  /** 1 = real token, 0 = padding; padded keys are blocked, padded queries still computed. */
  attentionMask?: Tensor;
}

/**
 * HuggingFace's `BertModel` without the pooler: embeddings, then post-LayerNorm encoder layers
 * (self-attention, add & norm, feed-forward, add & norm).
 */
export class Bert {
  readonly config: BertConfig;
  readonly #embeddings: BertEmbeddingWeights;
  readonly #layers: BertLayer[];

  constructor(config: BertConfig, state: StateDict) {
    this.config = config;
    const H = config.hidden_size;
    const P = config.max_position_embeddings;
    const e = 'embeddings.';
    this.#embeddings = {
      wordEmbeddings: state.take(`${e}word_embeddings.weight`, [config.vocab_size, H]),
      positionEmbeddings: state.take(`${e}position_embeddings.weight`, [P, H]),
      tokenTypeEmbeddings: state.take(`${e}token_type_embeddings.weight`, [
        config.type_vocab_size,
        H,
      ]),
      ...takeLayerNorm(state, `${e}LayerNorm`, H),
    };
    // buffers some versions save; derived from positions, not learned
    state.skipBuffer(`${e}position_ids`, [1, P]);
    state.skipBuffer(`${e}token_type_ids`, [1, P]);
    this.#layers = Array.from({ length: config.num_hidden_layers }, (_, i) =>
      takeLayer(state, `encoder.layer.${i}.`, config),
    );
    // the pooler is not part of this model's output; its weights are checked and left
    state.skipBuffer('pooler.dense.weight', [H, H]);
    state.skipBuffer('pooler.dense.bias', [H]);
    state.finish('BertModel');
  }

  /**
   * The last hidden state.
   *
   * Args: inputIds, tokenTypeIds (default zeros), attentionMask (default ones), all `[B, T]`.
   * Returns: `[B, T, hidden_size]`.
   */
  forward(inputs: BertInputs, given: Partial<ModelParts> = {}): Promise<Tensor> {
    const parts = resolveParts(given);
    const { inputIds } = inputs;
    const [B, T] = inputIds.shape as [number, number];
    checkInputs(inputs, this.config.max_position_embeddings);
    return scoped(async () => {
      const tokenTypeIds = inputs.tokenTypeIds ?? tf.zeros([B, T], 'int32');
      const valid = inputs.attentionMask ?? tf.ones([B, T]);
      const mask = ref.paddingMask(valid); // (B, 1, 1, T)
      const eps = this.config.layer_norm_eps;
      const act = HIDDEN_ACTS[this.config.hidden_act];

      let x = await partOutput(
        'bertEmbeddings',
        parts.bertEmbeddings(inputIds, tokenTypeIds, this.#embeddings, eps),
        [B, T, this.config.hidden_size],
      ); // (B, T, H)

      for (const layer of this.#layers) {
        const heads = this.config.num_attention_heads;
        const a = await partOutput(
          'multiHeadAttention',
          parts.multiHeadAttention(x, x, x, layer.attention, heads, mask),
          x.shape,
        );
        x = await addAndNorm(parts, a, x, layer.attentionNorm, eps);
        const f = await partOutput('feedForward', parts.feedForward(x, layer.ffn, act), x.shape);
        x = await addAndNorm(parts, f, x, layer.outputNorm, eps);
      }
      return x;
    });
  }

  /** Every weight tensor of the model. */
  tensors(): Tensor[] {
    return collectTensors([this.#embeddings, this.#layers]);
  }

  dispose(): void {
    tf.dispose(this.tensors());
  }
}

/** Loads `BertModel` from its config (`BertConfig` fields) and a `state_dict`. */
export function loadBert(config: unknown, file: SafetensorsFile): Bert {
  const parsed = parseConfig('BERT', BertConfigSchema, config);
  return buildModel(() => new Bert(parsed, new StateDict(file)));
}

/** BERT's post-LayerNorm residual: `LayerNorm(sublayer + input)`. */
function addAndNorm(
  parts: ModelParts,
  sublayer: Tensor,
  input: Tensor,
  w: LayerNormWeights,
  eps: number,
): Promise<Tensor> {
  const sum = tf.add(sublayer, input);
  return partOutput('layerNorm', parts.layerNorm(sum, w.gamma, w.beta, eps), sum.shape);
}

function checkInputs(inputs: BertInputs, maxPositions: number): void {
  const { inputIds, tokenTypeIds, attentionMask } = inputs;
  const T = inputIds.shape[1]!;
  if (inputIds.rank !== 2 || T > maxPositions) {
    throw new Error(
      `BERT: expected input_ids [B, T] with T <= ${maxPositions}, ` + `got [${inputIds.shape}]`,
    );
  }
  for (const [name, t] of [
    ['token_type_ids', tokenTypeIds],
    ['attention_mask', attentionMask],
  ]) {
    if (t && !ref.sameShape((t as Tensor).shape, inputIds.shape)) {
      throw new Error(
        `BERT: ${name} must have the shape of input_ids [${inputIds.shape}], ` +
          `got [${(t as Tensor).shape}]`,
      );
    }
  }
}

function takeLayer(state: StateDict, prefix: string, config: BertConfig): BertLayer {
  const H = config.hidden_size;
  const I = config.intermediate_size;
  const linear = (name: string, inDim: number, outDim: number) => ({
    w: state.takeLinear(`${prefix}${name}.weight`, inDim, outDim),
    b: state.take(`${prefix}${name}.bias`, [outDim]),
  });
  const q = linear('attention.self.query', H, H);
  const k = linear('attention.self.key', H, H);
  const v = linear('attention.self.value', H, H);
  const o = linear('attention.output.dense', H, H);
  const up = linear('intermediate.dense', H, I);
  const down = linear('output.dense', I, H);
  return {
    attention: { wq: q.w, bq: q.b, wk: k.w, bk: k.b, wv: v.w, bv: v.b, wo: o.w, bo: o.b },
    attentionNorm: takeLayerNorm(state, `${prefix}attention.output.LayerNorm`, H),
    ffn: { w1: up.w, b1: up.b, w2: down.w, b2: down.b },
    outputNorm: takeLayerNorm(state, `${prefix}output.LayerNorm`, H),
  };
}

function takeLayerNorm(state: StateDict, name: string, C: number): LayerNormWeights {
  return { gamma: state.take(`${name}.weight`, [C]), beta: state.take(`${name}.bias`, [C]) };
}
