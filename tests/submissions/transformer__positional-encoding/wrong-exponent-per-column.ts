// Bug: uses the column index c in the exponent (10000^(c/d)) instead of 2i = c - c % 2, so cos columns get the next frequency.
import * as tf from '@tensorflow/tfjs';

export function positionalEncoding(length: number, dModel: number): tf.Tensor {
  const b = tf.buffer([length, dModel]);
  for (let pos = 0; pos < length; pos++)
    for (let c = 0; c < dModel; c++) {
      const angle = pos / 10000 ** (c / dModel);
      b.set(c % 2 === 0 ? Math.sin(angle) : Math.cos(angle), pos, c);
    }
  return b.toTensor();
}
