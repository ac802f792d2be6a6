import * as tf from '@tensorflow/tfjs';

// Builds the label map with tensor ops (row band * 3 + column band), then official "diff != 0".
export function shiftedWindowMask(
  H: number,
  W: number,
  windowSize: number,
  shiftSize: number,
): tf.Tensor {
  const ws = windowSize;
  return tf.tidy(() => {
    const bands = (S: number) => {
      const p = tf.range(0, S, 1, 'int32');
      return tf
        .greaterEqual(p, S - ws)
        .toInt()
        .add(tf.greaterEqual(p, S - shiftSize).toInt());
    };
    // shift 0: S - 0 = S is never reached, so band 2 stays empty
    const rows = bands(H).reshape([H, 1]).mul(3);
    const cols = bands(W).reshape([1, W]);
    const labels = rows.add(cols).toFloat();
    const mw = labels
      .reshape([H / ws, ws, W / ws, ws])
      .transpose([0, 2, 1, 3])
      .reshape([-1, ws * ws]);
    const diff = mw.expandDims(1).sub(mw.expandDims(2));
    return diff.equal(0).toFloat();
  });
}
