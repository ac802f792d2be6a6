import * as tf from '@tensorflow/tfjs';

export function positionalEncoding(length: number, dModel: number): tf.Tensor {
  return tf.tidy(() => {
    const half = Math.ceil(dModel / 2);
    const pos = tf.range(0, length).reshape([length, 1]);
    // 1 / 10000^(2i/d) = exp(-2i * ln(10000) / d)
    const twoI = tf.range(0, half).mul(2);
    const freq = tf.exp(twoI.mul(-Math.log(10000) / dModel)).reshape([1, half]);
    const angles = pos.mul(freq);
    const interleaved = tf.stack([tf.sin(angles), tf.cos(angles)], 2).reshape([length, 2 * half]);
    return interleaved.slice([0, 0], [length, dModel]);
  });
}
