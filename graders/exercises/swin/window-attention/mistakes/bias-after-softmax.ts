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
    let scores = q.matMul(k, false, true).div(Math.sqrt(hd));

    if (mask) {
      const B = windows / mask.shape[0]!;
      const tiled = tf.tile(mask, [B, 1, 1]).expandDims(1); // (B·nW, 1, N, N)
      scores = scores.add(tiled.sub(1).mul(1e9)); // 0 where allowed, -1e9 where blocked
    }

    // (B·nW, heads, N, N) x (B·nW, heads, N, hd) -> (B·nW, heads, N, hd)
    return tf.softmax(scores).add(bias).matMul(v);
  });
}
