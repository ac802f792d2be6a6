// Bug: puts all the sines in the first half of the columns and all the cosines in the second half.
import * as tf from '@tensorflow/tfjs';

export function positionalEncoding(length: number, dModel: number): tf.Tensor {
  return tf.tidy(() => {
    const half = Math.ceil(dModel / 2);
    const pos = tf.range(0, length).reshape([length, 1]);
    const freq = tf.pow(10000, tf.range(0, half).mul(-2 / dModel)).reshape([1, half]);
    const a = pos.mul(freq);
    return tf.concat([tf.sin(a), tf.cos(a)], 1).slice([0, 0], [length, dModel]);
  });
}
