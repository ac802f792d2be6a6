import * as tf from '@tensorflow/tfjs';

// Official style: view the scores as [B, nW, heads, N, N] and add the mask once per image.
export function windowAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const [BnW, heads, N, hd] = q.shape as [number, number, number, number];
    let attn = tf.matMul(q.mul(hd ** -0.5), k, false, true).add(bias.expandDims(0));
    if (mask) {
      const nW = mask.shape[0]!;
      const additive = tf.sub(1, mask).mul(-100); // [nW, N, N]
      attn = attn
        .reshape([BnW / nW, nW, heads, N, N])
        .add(additive.expandDims(1).expandDims(0))
        .reshape([BnW, heads, N, N]);
    }
    return tf.matMul(tf.softmax(attn, -1), v);
  });
}
