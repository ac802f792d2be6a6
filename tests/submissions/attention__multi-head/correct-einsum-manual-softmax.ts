import * as tf from '@tensorflow/tfjs';

type W = Record<'wq' | 'bq' | 'wk' | 'bk' | 'wv' | 'bv' | 'wo' | 'bo', tf.Tensor>;

export async function multiHeadAttention(
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  w: W,
  numHeads: number,
  mask?: tf.Tensor,
): Promise<tf.Tensor> {
  const out = tf.tidy(() => {
    const [B, T, C] = query.shape as [number, number, number];
    const S = key.shape[1]!;
    const hd = C / numHeads;
    const q = tf.einsum('btc,cd->btd', query, w.wq).add(w.bq);
    const k = tf.einsum('bsc,cd->bsd', key, w.wk).add(w.bk);
    const v = tf.einsum('bsc,cd->bsd', value, w.wv).add(w.bv);
    const qh = q.reshape([B, T, numHeads, hd]).transpose([0, 2, 1, 3]);
    const kh = k.reshape([B, S, numHeads, hd]).transpose([0, 2, 1, 3]);
    const vh = v.reshape([B, S, numHeads, hd]).transpose([0, 2, 1, 3]);
    let att = tf.einsum('bhtd,bhsd->bhts', qh, kh).div(tf.sqrt(tf.scalar(hd)));
    if (mask) {
      const ok = tf.broadcastTo(mask, att.shape).notEqual(0);
      att = tf.where(ok, att, tf.mul(tf.onesLike(att), -Infinity));
    }
    const e = tf.exp(att.sub(att.max(-1, true)));
    const p = e.div(e.sum(-1, true));
    const y = tf.einsum('bhts,bhsd->bhtd', p, vh).transpose([0, 2, 1, 3]).reshape([B, T, C]);
    return tf.einsum('btc,cd->btd', y, w.wo).add(w.bo);
  });
  return out;
}
