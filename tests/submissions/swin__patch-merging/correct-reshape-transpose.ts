import * as tf from '@tensorflow/tfjs';

// [B, H/2, dr, W/2, dc, C] -> [B, H/2, W/2, dc, dr, C]: channel block index dc*2 + dr gives
// (0,0), (1,0), (0,1), (1,1) as (row, column) offsets.
export function patchMerging(
  x: tf.Tensor,
  w: { gamma: tf.Tensor; beta: tf.Tensor; reduction: tf.Tensor },
  eps: number = 1e-5,
): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const g = x
    .reshape([B, H / 2, 2, W / 2, 2, C])
    .transpose([0, 1, 3, 4, 2, 5])
    .reshape([B * (H / 2) * (W / 2), 4 * C]);
  const mu = g.mean(1, true);
  const d = g.sub(mu);
  const v = d.square().mean(1, true);
  const ln = d
    .mul(tf.rsqrt(v.add(eps)))
    .mul(w.gamma)
    .add(w.beta);
  return tf.matMul(ln, w.reduction).reshape([B, H / 2, W / 2, 2 * C]);
}
