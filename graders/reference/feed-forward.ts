import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { linear } from './linear.ts';

/** ReLU, `max(0, x)`. */
export function relu(x: Tensor): Tensor {
  return tf.relu(x);
}

/** The exact GELU, `x · Φ(x) = 0.5 x (1 + erf(x / √2))` (PyTorch's `nn.GELU()`). */
export function geluErf(x: Tensor): Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

/**
 * GELU's tanh approximation (GPT-2's, `nn.GELU(approximate='tanh')`):
 * `0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`.
 */
export function geluTanh(x: Tensor): Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}

export const activations = { relu, gelu: geluErf, geluTanh } as const;
export type ActivationName = keyof typeof activations;

/** The position-wise feed-forward network's weights: w1 `[C, H]`, w2 `[H, C]`. */
export interface FeedForwardWeights {
  w1: Tensor;
  b1?: Tensor;
  w2: Tensor;
  b2?: Tensor;
}

/**
 * The position-wise feed-forward network, `act(x W1 + b1) W2 + b2`.
 *
 * Args: x `[..., C]`, weights w1 `[C, H]`, w2 `[H, C]`.
 * Returns: `[..., C]`.
 */
export function feedForward(
  x: Tensor,
  w: FeedForwardWeights,
  activation: (h: Tensor) => Tensor = relu,
): Tensor {
  return tf.tidy(() => {
    const hidden = activation(linear(x, w.w1, w.b1)); // (..., H)
    return linear(hidden, w.w2, w.b2); // (..., C)
  });
}
