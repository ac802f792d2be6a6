import * as tf from '@tensorflow/tfjs';

/**
 * nanoGPT's causal self-attention.
 * x: [B, T, C]; w.wqkv: [C, 3C] (q | k | v), w.bqkv: [3C], w.wo: [C, C], w.bo: [C]
 * -> [B, T, C]
 */
export function causalSelfAttention(
  x: tf.Tensor,
  w: { wqkv: tf.Tensor; bqkv: tf.Tensor; wo: tf.Tensor; bo: tf.Tensor },
  numHeads: number,
): tf.Tensor {
  // TODO: project to q, k, v; split into heads; attend to the past only; merge; project out
  return x;
}
