import * as tf from '@tensorflow/tfjs';

export async function nextTokenLoss(logits: tf.Tensor, tokens: tf.Tensor): Promise<tf.Tensor> {
  const [B, T, V] = logits.shape as [number, number, number];
  const L = await logits.data();
  const tok = await tokens.data();
  let total = 0;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T - 1; t++) {
      const base = (b * T + t) * V;
      let max = -Infinity;
      for (let c = 0; c < V; c++) max = Math.max(max, L[base + c]!);
      let s = 0;
      for (let c = 0; c < V; c++) s += Math.exp(L[base + c]! - max);
      const lse = max + Math.log(s);
      const target = tok[b * T + t + 1]!;
      total += lse - L[base + target]!;
    }
  }
  return tf.scalar(total / (B * (T - 1)));
}
