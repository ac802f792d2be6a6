import * as tf from '@tensorflow/tfjs';

/**
 * Sinusoidal positional encoding:
 * PE[pos, 2i] = sin(pos / 10000^(2i / dModel)), PE[pos, 2i + 1] = cos(pos / 10000^(2i / dModel))
 * -> [length, dModel]
 */
export function positionalEncoding(length: number, dModel: number): tf.Tensor {
  // TODO: the angle pos / 10000^(2i / dModel) for every position and column; sine on the
  // even columns, cosine on the odd ones
  return tf.zeros([length, dModel]);
}
