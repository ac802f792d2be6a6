import * as tf from '@tensorflow/tfjs';

export function positionalEncoding(length: number, dModel: number): tf.Tensor {
  const pe = new Float32Array(length * dModel);
  for (let pos = 0; pos < length; pos++) {
    for (let c = 0; c < dModel; c++) {
      const i2 = c - (c % 2); // 2i
      const angle = pos / Math.pow(10000, i2 / dModel);
      pe[pos * dModel + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(pe, [length, dModel]);
}
