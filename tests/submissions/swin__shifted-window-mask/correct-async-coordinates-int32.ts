import * as tf from '@tensorflow/tfjs';

// Async; computes every token's original coordinates and compares regions pairwise; int32 result.
export async function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): Promise<tf.Tensor> {
  const ws = windowSize;
  const N = ws * ws;
  const nW = (H / ws) * (W / ws);
  const region = (y: number, x: number): string => {
    const by = y < H - ws ? 'a' : y < H - shiftSize ? 'b' : 'c';
    const bx = x < W - ws ? 'a' : x < W - shiftSize ? 'b' : 'c';
    return by + bx;
  };
  const data = new Int32Array(nW * N * N);
  for (let win = 0; win < nW; win++) {
    const top = Math.floor(win / (W / ws)) * ws;
    const left = (win % (W / ws)) * ws;
    const regs: string[] = [];
    for (let t = 0; t < N; t++) regs.push(region(top + Math.floor(t / ws), left + (t % ws)));
    regs.forEach((ri, i) =>
      regs.forEach((rj, j) => (data[(win * N + i) * N + j] = ri === rj ? 1 : 0)),
    );
  }
  return tf.tensor3d(data, [nW, N, N], 'int32');
}
