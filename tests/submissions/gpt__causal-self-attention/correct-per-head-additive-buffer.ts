import * as tf from '@tensorflow/tfjs';

// Slices q, k, v out of qkv by offset, loops over heads, adds a -1e9 causal bias built with tf.buffer.
export function causalSelfAttention(
  x: tf.Tensor,
  w: { wqkv: tf.Tensor; bqkv: tf.Tensor; wo: tf.Tensor; bo: tf.Tensor },
  numHeads: number,
): tf.Tensor {
  const B = x.shape[0]!;
  const T = x.shape[1]!;
  const C = x.shape[2]!;
  const hs = C / numHeads;
  const bias = tf.buffer([T, T], 'float32');
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) bias.set(-1e9, i, j);
  const biasT = bias.toTensor();

  const x2 = x.reshape([B * T, C]);
  const qkv = tf.add(tf.matMul(x2, w.wqkv), w.bqkv).reshape([B, T, 3 * C]);
  const heads: tf.Tensor[] = [];
  for (let h = 0; h < numHeads; h++) {
    const q = tf.slice(qkv, [0, 0, h * hs], [B, T, hs]);
    const k = tf.slice(qkv, [0, 0, C + h * hs], [B, T, hs]);
    const v = tf.slice(qkv, [0, 0, 2 * C + h * hs], [B, T, hs]);
    const s = tf.matMul(q, k, false, true).div(Math.sqrt(hs)).add(biasT);
    heads.push(tf.matMul(tf.softmax(s, -1), v));
  }
  const y = tf.concat(heads, -1).reshape([B * T, C]);
  return tf.add(tf.matMul(y, w.wo), w.bo).reshape([B, T, C]);
}
