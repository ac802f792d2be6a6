import * as tf from '@tensorflow/tfjs';

export async function causalSelfAttention(
  x: tf.Tensor,
  w: { wqkv: tf.Tensor; bqkv: tf.Tensor; wo: tf.Tensor; bo: tf.Tensor },
  numHeads: number,
): Promise<tf.Tensor> {
  const [B, T, C] = x.shape as [number, number, number];
  const hs = C / numHeads;
  const result = tf.tidy(() => {
    const qkv = tf.einsum('btc,cd->btd', x, w.wqkv).add(w.bqkv);
    const q = qkv.slice([0, 0, 0], [-1, -1, C]);
    const k = qkv.slice([0, 0, C], [-1, -1, C]);
    const v = qkv.slice([0, 0, 2 * C], [-1, -1, C]);
    const toHeads = (t: tf.Tensor) => t.reshape([B, T, numHeads, hs]).transpose([0, 2, 1, 3]);
    const s = tf.einsum('bhid,bhjd->bhij', toHeads(q), toHeads(k)).div(Math.sqrt(hs));
    // future = j > i
    const i = tf.range(0, T).reshape([T, 1]);
    const j = tf.range(0, T).reshape([1, T]);
    const future = tf.greater(j, i).cast('float32');
    const sm = s.sub(future.mul(1e9));
    const e = sm.sub(sm.max(-1, true)).exp();
    const p = e.div(e.sum(-1, true));
    const y = tf
      .einsum('bhij,bhjd->bhid', p, toHeads(v))
      .transpose([0, 2, 1, 3])
      .reshape([B, T, C]);
    return tf.einsum('btc,cd->btd', y, w.wo).add(w.bo);
  });
  await result.data();
  return result;
}
