import * as tf from '@tensorflow/tfjs';

// One sequence at a time (2-D ops only), then tf.stack.
export function causalSelfAttention(
  x: tf.Tensor,
  w: { wqkv: tf.Tensor; bqkv: tf.Tensor; wo: tf.Tensor; bo: tf.Tensor },
  numHeads: number,
): tf.Tensor {
  const T = x.shape[1]!;
  const C = x.shape[2]!;
  const hs = C / numHeads;
  const causal = tf.linalg.bandPart(tf.ones([T, T]), -1, 0);
  const outs = tf.unstack(x).map((xi) =>
    tf.tidy(() => {
      const qkv = tf.add(tf.matMul(xi as tf.Tensor2D, w.wqkv as tf.Tensor2D), w.bqkv);
      const parts = tf.split(qkv, [C, C, C], 1);
      const perHead: tf.Tensor[] = [];
      for (let h = 0; h < numHeads; h++) {
        const q = parts[0]!.slice([0, h * hs], [T, hs]) as tf.Tensor2D;
        const k = parts[1]!.slice([0, h * hs], [T, hs]) as tf.Tensor2D;
        const v = parts[2]!.slice([0, h * hs], [T, hs]) as tf.Tensor2D;
        const s = tf.matMul(q, k, false, true).div(Math.sqrt(hs));
        const masked = tf.where(causal.equal(1), s, tf.fill([T, T], -1e9));
        perHead.push(tf.matMul(tf.softmax(masked) as tf.Tensor2D, v));
      }
      return tf.add(tf.matMul(tf.concat(perHead, 1) as tf.Tensor2D, w.wo as tf.Tensor2D), w.bo);
    }),
  );
  return tf.stack(outs);
}
