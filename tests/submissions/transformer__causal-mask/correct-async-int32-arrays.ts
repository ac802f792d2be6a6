import * as tf from '@tensorflow/tfjs';

export async function causalMask(size: number): Promise<tf.Tensor> {
  const rows: number[][] = [];
  for (let i = 0; i < size; i++) {
    rows.push(Array.from({ length: size }, (_, j) => (j > i ? 0 : 1)));
  }
  return tf.tensor(rows.flat(), [size, size], 'int32');
}
