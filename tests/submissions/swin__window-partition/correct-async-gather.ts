import * as tf from '@tensorflow/tfjs';

// Async: flatten the pixels and reorder them with one tf.gather of precomputed indices.
export async function windowPartition(x: tf.Tensor, windowSize: number): Promise<tf.Tensor> {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const ws = windowSize;
  const idx: number[] = [];
  for (let b = 0; b < B; b++)
    for (let wr = 0; wr < H / ws; wr++)
      for (let wc = 0; wc < W / ws; wc++)
        for (let i = 0; i < ws; i++)
          for (let j = 0; j < ws; j++) idx.push((b * H + wr * ws + i) * W + wc * ws + j);
  const pixels = x.reshape([B * H * W, C]);
  const out = tf.gather(pixels, tf.tensor1d(idx, 'int32')).reshape([-1, ws, ws, C]);
  await out.data();
  return out;
}

export async function windowReverse(
  windows: tf.Tensor,
  windowSize: number,
  H: number,
  W: number,
): Promise<tf.Tensor> {
  const ws = windowSize;
  const C = windows.shape[3]!;
  const B = windows.size / (H * W * C);
  const nWw = W / ws;
  const idx: number[] = [];
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++) {
        const win = b * (H / ws) * nWw + Math.floor(h / ws) * nWw + Math.floor(w / ws);
        idx.push((win * ws + (h % ws)) * ws + (w % ws));
      }
  return tf.gather(windows.reshape([-1, C]), tf.tensor1d(idx, 'int32')).reshape([B, H, W, C]);
}
