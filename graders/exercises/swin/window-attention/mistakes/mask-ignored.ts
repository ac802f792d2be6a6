import * as tf from '@tensorflow/tfjs';

export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  const [windows, , , hd] = q.shape as [number, number, number, number];
  return tf.tidy(() => {
    // (B·nW, heads, N, hd) x (B·nW, heads, hd, N) -> (B·nW, heads, N, N)
    let scores = q.matMul(k, false, true).div(Math.sqrt(hd)).add(bias);

    // (B·nW, heads, N, N) x (B·nW, heads, N, hd) -> (B·nW, heads, N, hd)
    return tf.softmax(scores).matMul(v);
  });
}
