import * as tf from '@tensorflow/tfjs';

// Async; every leading slice is handled on its own as a 2-D problem, then stacked back.
export async function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): Promise<tf.Tensor> {
  const lead = q.shape.slice(0, -2);
  const [Tq, dk] = q.shape.slice(-2) as [number, number];
  const [Tk, dv] = v.shape.slice(-2) as [number, number];
  const qs = tf.unstack(q.reshape([-1, Tq, dk]));
  const ks = tf.unstack(k.reshape([-1, Tk, dk]));
  const vs = tf.unstack(v.reshape([-1, Tk, dv]));
  const ms = mask
    ? tf.unstack(tf.broadcastTo(mask, [...lead, Tq, Tk]).reshape([-1, Tq, Tk]))
    : null;
  const outs: tf.Tensor[] = [];
  for (let i = 0; i < qs.length; i++) {
    const qi = qs[i] as tf.Tensor2D;
    const ki = ks[i] as tf.Tensor2D;
    const vi = vs[i] as tf.Tensor2D;
    let s: tf.Tensor2D = tf.matMul(qi, ki.transpose()).div(tf.scalar(Math.sqrt(dk)));
    const mi = ms?.[i];
    if (mi) {
      s = tf.where(mi.equal(0), tf.onesLike(s).mul(-1e9), s);
    }
    outs.push(tf.matMul(tf.softmax(s), vi));
  }
  const result = tf.stack(outs).reshape([...lead, Tq, dv]);
  await result.data();
  return result;
}
