import * as tf from '@tensorflow/tfjs';

interface Weights {
  wqkv: tf.Tensor;
  bqkv: tf.Tensor;
  wo: tf.Tensor;
  bo: tf.Tensor;
}

/** [B, T, C] -> [B, nh, T, hs] */
function splitHeads(t: tf.Tensor, numHeads: number): tf.Tensor {
  const [B, T, C] = t.shape as [number, number, number];
  const heads = t.reshape([B, T, numHeads, C / numHeads]); // (B, T, nh, hs)
  return heads.transpose([0, 2, 1, 3]); // (B, nh, T, hs)
}

/** [B, nh, T, hs] -> [B, T, C] */
function mergeHeads(y: tf.Tensor): tf.Tensor {
  const [B, nh, T, hs] = y.shape as [number, number, number, number];
  const positions = y.transpose([0, 2, 1, 3]); // (B, T, nh, hs)
  return positions.reshape([B, T, nh * hs]); // (B, T, C)
}

export function causalSelfAttention(x: tf.Tensor, w: Weights, numHeads: number): tf.Tensor {
  return tf.tidy(() => {
    const [, T, C] = x.shape as [number, number, number];
    const hs = C / numHeads;

    // one projection, split into q | k | v along the last axis
    const qkv = x.matMul(w.wqkv).add(w.bqkv); // (B, T, C) x (C, 3C) -> (B, T, 3C)
    const [q, k, v] = tf.split(qkv, 3, 2).map((t) => splitHeads(t, numHeads));
    // q, k, v: (B, nh, T, hs)

    // scores, masked so that position i only sees positions 0..i
    const scores = tf.matMul(q!, k!, false, true).div(Math.sqrt(hs)); // (B, nh, T, T)
    const allowed = tf.linalg.bandPart(tf.ones([T, T]), -1, 0).cast('bool'); // (T, T)
    const masked = tf.where(allowed, scores, tf.scalar(-Infinity)); // (B, nh, T, T)
    const y = tf.matMul(tf.softmax(masked, -1), v!); // (B, nh, T, hs)

    // join the heads and project out
    return mergeHeads(y).matMul(w.wo).add(w.bo); // (B, T, C) x (C, C) -> (B, T, C)
  });
}
