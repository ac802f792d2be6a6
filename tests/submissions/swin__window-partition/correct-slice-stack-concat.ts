import * as tf from '@tensorflow/tfjs';

// Cut windows one by one with tf.slice; put them back with tf.concat along W then H.
export function windowPartition(x: tf.Tensor, windowSize: number): tf.Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const windows: tf.Tensor[] = [];
  for (let b = 0; b < B; b++) {
    for (let r = 0; r < H; r += windowSize) {
      for (let c = 0; c < W; c += windowSize) {
        windows.push(x.slice([b, r, c, 0], [1, windowSize, windowSize, C]));
      }
    }
  }
  return tf.concat(windows, 0);
}

export function windowReverse(
  windows: tf.Tensor,
  windowSize: number,
  H: number,
  W: number,
): tf.Tensor {
  const nh = H / windowSize;
  const nw = W / windowSize;
  const list = tf.split(windows, windows.shape[0]!, 0);
  const images: tf.Tensor[] = [];
  let n = 0;
  while (n < list.length) {
    const rows: tf.Tensor[] = [];
    for (let r = 0; r < nh; r++) {
      const row: tf.Tensor[] = [];
      for (let c = 0; c < nw; c++) row.push(list[n++]!);
      rows.push(tf.concat(row, 2));
    }
    images.push(tf.concat(rows, 1));
  }
  return tf.concat(images, 0);
}
