import * as tf from '@tensorflow/tfjs';

export function causalMask(size: number): tf.Tensor {
  // keep every row's lower part (unlimited below the diagonal, nothing above)
  return tf.tidy(() => tf.linalg.bandPart(tf.ones([size, size]), -1, 0));
}
