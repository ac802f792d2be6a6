import * as tf from '@tensorflow/tfjs';

// Explicit index arithmetic on typed arrays.
export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const ws = windowSize;
  const src = x.dataSync();
  const nWh = H / ws;
  const nWw = W / ws;
  const out = tf.buffer([B * nWh * nWw, ws, ws, C], 'float32');
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++)
        for (let c = 0; c < C; c++) {
          const win = b * nWh * nWw + Math.floor(h / ws) * nWw + Math.floor(w / ws);
          out.set(src[((b * H + h) * W + w) * C + c]!, win, h % ws, w % ws, c);
        }
  return out.toTensor();
}

export function windowReverse(
  windows: tf.Tensor,
  windowSize: number,
  H: number,
  W: number,
): tf.Tensor {
  const ws = windowSize;
  const C = windows.shape[3]!;
  const nWh = H / ws;
  const nWw = W / ws;
  const B = windows.shape[0]! / (nWh * nWw);
  const src = windows.dataSync();
  const out = new Float32Array(B * H * W * C);
  for (let n = 0; n < windows.shape[0]!; n++) {
    const b = Math.floor(n / (nWh * nWw));
    const wi = n % (nWh * nWw);
    const r0 = Math.floor(wi / nWw) * ws;
    const c0 = (wi % nWw) * ws;
    for (let i = 0; i < ws; i++)
      for (let j = 0; j < ws; j++)
        for (let c = 0; c < C; c++)
          out[((b * H + r0 + i) * W + c0 + j) * C + c] = src[((n * ws + i) * ws + j) * C + c]!;
  }
  return tf.tensor4d(out, [B, H, W, C]);
}
