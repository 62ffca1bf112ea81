import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, read } from '@seqlab/testing';
import { expectNoLeaksAsync } from '@seqlab/core';
import { expect, it } from 'vitest';
import { batchify } from '../lm.js';
import { padBatch } from '../pad.js';
import { getBatch } from '../lm.js';
import { batchToTensors, lmBatchToTensors, matrixToTensor } from './batch.js';

describeBackends('batch tensors', () => {
  it('uploads ids, lengths and mask with the right dtypes and shapes', async () => {
    await expectNoLeaksAsync(async () => {
      const t = batchToTensors(padBatch([[3, 4], [5]], { padId: 0 }));
      expect([t.ids.dtype, t.lengths.dtype, t.mask.dtype]).toEqual(['int32', 'int32', 'float32']);
      expect(t.ids.shape).toEqual([2, 2]);
      expect(await read(t.ids)).toEqual([3, 4, 5, 0]);
      expect(await read(t.lengths)).toEqual([2, 1]);
      expect(await read(t.mask)).toEqual([1, 1, 1, 0]);
      const m = matrixToTensor(batchify([1, 2, 3, 4, 5, 6], 2));
      expect(m.shape).toEqual([3, 2]);
      expect(await read(m)).toEqual([1, 4, 2, 5, 3, 6]);
      const lm = lmBatchToTensors(getBatch(batchify([1, 2, 3, 4, 5, 6], 2), 0, 2));
      expect(lm.data.shape).toEqual([2, 2]);
      expect(await read(lm.target)).toEqual([2, 5, 3, 6]);
      tf.dispose([t.ids, t.lengths, t.mask, m, lm.data, lm.target]);
    });
  });
});
