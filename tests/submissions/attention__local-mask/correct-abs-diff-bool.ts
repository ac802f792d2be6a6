import * as tf from '@tensorflow/tfjs';

export function localMask(size: number, window: number): tf.Tensor {
  return tf.tidy(() => {
    const i = tf.range(0, size).expandDims(1);
    const j = tf.range(0, size).expandDims(0);
    return tf.lessEqual(tf.abs(tf.sub(i, j)), window);
  });
}
