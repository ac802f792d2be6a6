// Bug: returns the "blocked" mask (1 above the diagonal), the opposite convention to the course's.
import * as tf from '@tensorflow/tfjs';

export function causalMask(size: number): tf.Tensor {
  return tf.tidy(() => {
    const r = tf.range(0, size).expandDims(1);
    const c = tf.range(0, size).expandDims(0);
    return tf.greater(c, r).toFloat();
  });
}
