// Bug: repeats every mask B times in a row (window i uses mask[floor(i / B)]) instead of tiling (mask[i mod nW]).
import * as tf from '@tensorflow/tfjs';

export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const hd = q.shape[3]!;
    let s = tf.matMul(q, k, false, true).div(Math.sqrt(hd)).add(bias);
    if (mask) {
      const nW = mask.shape[0]!;
      const B = q.shape[0]! / nW;
      const [N1, N2] = [mask.shape[1]!, mask.shape[2]!];
      const repeated = mask
        .expandDims(1)
        .tile([1, B, 1, 1])
        .reshape([nW * B, 1, N1, N2]);
      s = s.add(tf.sub(1, repeated).mul(-100));
    }
    return tf.matMul(tf.softmax(s), v);
  });
}
