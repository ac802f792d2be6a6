import * as tf from '@tensorflow/tfjs';

/**
 * Sinusoidal positional encoding:
 * PE[pos, 2i] = sin(pos / 10000^(2i / dModel)), PE[pos, 2i + 1] = cos(pos / 10000^(2i / dModel))
 * -> [length, dModel]
 */
export function positionalEncoding(length: number, dModel: number): tf.Tensor {
  return tf.tidy(() => {
    const pos = tf.range(0, length).reshape([length, 1]); // (length, 1)
    const col = tf.range(0, dModel); // (dModel)
    const pair = col.sub(col.mod(2)); // (dModel), 2i for columns 2i and 2i + 1
    const i = pair.div(2).reshape([1, dModel]); // (1, dModel)
    const angle = i.div(tf.pow(10000, pos.mul(2).div(dModel))); // (length, dModel)
    return tf.where(col.mod(2).equal(0), angle.sin(), angle.cos()); // (length, dModel)
  });
}
