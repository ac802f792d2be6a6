import * as tf from '@tensorflow/tfjs';

// Picks mask[i mod nW] for every window with tf.gather; softmax written out with max subtraction.
export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const windows = q.shape[0]!;
    const hd = q.shape[q.rank - 1]!;
    const kt = k.transpose([0, 1, 3, 2]);
    let s = q
      .matMul(kt)
      .mul(tf.scalar(1 / Math.sqrt(hd)))
      .add(bias);
    if (mask) {
      const nW = mask.shape[0]!;
      const idx = Array.from({ length: windows }, (_, i) => i % nW);
      const m = tf.gather(mask, tf.tensor1d(idx, 'int32')).expandDims(1);
      s = s.add(m.sub(1).mul(1e9));
    }
    const e = s.sub(s.max(-1, true)).exp();
    return e.div(e.sum(-1, true)).matMul(v);
  });
}
