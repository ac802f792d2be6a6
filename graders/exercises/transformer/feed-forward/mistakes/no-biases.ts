import * as tf from '@tensorflow/tfjs';

interface Weights {
  w1: tf.Tensor;
  b1: tf.Tensor;
  w2: tf.Tensor;
  b2: tf.Tensor;
}

/**
 * Position-wise feed-forward network, max(0, x W1 + b1) W2 + b2.
 * x: [..., C], w1: [C, H], b1: [H], w2: [H, C], b2: [C] -> [..., C]
 */
export function feedForward(x: tf.Tensor, w: Weights): tf.Tensor {
  return tf.tidy(() => {
    const hidden = x.matMul(w.w1).relu(); // (..., C) x (C, H) -> (..., H)
    return hidden.matMul(w.w2); // (..., H) x (H, C) -> (..., C)
  });
}
