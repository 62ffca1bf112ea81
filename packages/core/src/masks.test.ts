import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { causalMask, combineMasks, lengthsToMask, maskToAdditive } from './masks.js';

const arr = async (t: tf.Tensor) => (await t.array()) as unknown;

describe('masks (true = attend / keep)', () => {
  it('lengthsToMask', async () => {
    const m = lengthsToMask([2, 0, 3], 4);
    expect(await arr(m)).toEqual([[1, 1, 0, 0], [0, 0, 0, 0], [1, 1, 1, 0]]);
    m.dispose();
  });
  it('lengthsToMask rejects lengths out of range, naming the index', () => {
    expect(() => lengthsToMask([2, 5], 4)).toThrow(/lengths\[1\] = 5 must be an integer in \[0, 4\]/);
    expect(() => lengthsToMask([-1])).toThrow(/lengths\[0\]/);
  });
  it('causalMask, square and with cached keys', async () => {
    expect(await arr(causalMask(3))).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
    expect(await arr(causalMask(2, 4))).toEqual([[1, 1, 1, 0], [1, 1, 1, 1]]);
  });
  it('combineMasks broadcasts padding over causal', async () => {
    const pad = tf.tensor2d([[1, 1, 0]], [1, 3], 'bool');
    const c = causalMask(3);
    expect(await arr(combineMasks(c, pad))).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 0]]);
  });
  it('maskToAdditive gives 0 and -Infinity', async () => {
    expect(await arr(maskToAdditive(causalMask(2)))).toEqual([[0, -Infinity], [0, 0]]);
  });
});
