import * as tf from '@tensorflow/tfjs';

interface Weights {
  wq: tf.Tensor;
  bq: tf.Tensor;
  wk: tf.Tensor;
  bk: tf.Tensor;
  wv: tf.Tensor;
  bv: tf.Tensor;
  wo: tf.Tensor;
  bo: tf.Tensor;
}

/**
 * Multi-head attention.
 * query: [B, T, C], key and value: [B, S, C], every W [C, C], every b [C] -> [B, T, C]
 */
export function multiHeadAttention(
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  w: Weights,
  numHeads: number,
  mask?: tf.Tensor,
): tf.Tensor {
  // TODO: project with wq, wk, wv; split into heads [B, nh, T, hs]; attend in every head;
  // join the heads back to [B, T, C]; project with wo, bo
  return query;
}
