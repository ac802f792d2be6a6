import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  const C = x.shape[x.shape.length - 1]!;
  const xs = x.dataSync();
  const g = gamma.dataSync();
  const b = beta.dataSync();
  const out = new Float32Array(xs.length);
  for (let start = 0; start < xs.length; start += C) {
    let mean = 0;
    for (let c = 0; c < C; c++) mean += xs[start + c]!;
    mean /= C;
    let v = 0;
    for (let c = 0; c < C; c++) v += (xs[start + c]! - mean) ** 2;
    v /= C;
    const denom = Math.sqrt(v + eps);
    for (let c = 0; c < C; c++) out[start + c] = ((xs[start + c]! - mean) / denom) * g[c]! + b[c]!;
  }
  return tf.tensor(out, x.shape);
}
