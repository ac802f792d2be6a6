import * as tf from '@tensorflow/tfjs';

// Variance as E[x^2] - E[x]^2 computed in float64 in JS, then normalised with tf.
export async function layerNorm(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  eps: number = 1e-5,
): Promise<tf.Tensor> {
  const C = x.shape[x.rank - 1]!;
  const rows = (await x.reshape([-1, C]).array()) as number[][];
  const means: number[] = [];
  const stds: number[] = [];
  for (const row of rows) {
    const m = row.reduce((a, v) => a + v, 0) / C;
    const centred = row.map((v) => v - m);
    const variance = centred.reduce((a, v) => a + v * v, 0) / C;
    means.push(m);
    stds.push(Math.sqrt(variance + eps));
  }
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const m = tf.tensor(means, [...lead, 1]);
    const s = tf.tensor(stds, [...lead, 1]);
    return x.sub(m).div(s).mul(gamma).add(beta);
  });
}
