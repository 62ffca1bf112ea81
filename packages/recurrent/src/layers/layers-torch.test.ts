import { describeBackends } from '@seqlab/testing';
import { afterEach, it } from 'vitest';
import gruFixtures from '../../fixtures/gru.json' with { type: 'json' };
import lstmFixtures from '../../fixtures/lstm.json' with { type: 'json' };
import rnnFixtures from '../../fixtures/rnn.json' with { type: 'json' };
import { checkTorchCase, type SeqCase } from '../test-support/torch-case.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { RecurrentBase, RecurrentPath } from './recurrent-base.js';
import { RNN } from './rnn.js';

const rnn = rnnFixtures.cases as unknown as Record<string, SeqCase>;
const lstm = lstmFixtures.cases as unknown as Record<string, SeqCase>;
const gru = gruFixtures.cases as unknown as Record<string, SeqCase>;
const I = 3;
const H = 4;
const two = { numLayers: 2, bidirectional: true };

let layer: RecurrentBase | null = null;
afterEach(() => {
  layer?.dispose();
  layer = null;
});
function use<L extends RecurrentBase>(l: L): L {
  layer = l;
  return l;
}

describeBackends('sequence layers match PyTorch (outputs, h_n, c_n, every gradient)', () => {
  for (const path of ['fast', 'slow'] as RecurrentPath[]) {
    it(`nn.RNN tanh, 2 layers, bidirectional [${path}]`, () => checkTorchCase(use(new RNN(I, H, two)), rnn.rnn_tanh!, path));
    it(`nn.RNN tanh, packed variable lengths [${path}]`, () => checkTorchCase(use(new RNN(I, H, two)), rnn.rnn_tanh_packed!, path));
    it(`nn.RNN relu, batch_first [${path}]`, () =>
      checkTorchCase(use(new RNN(I, H, { ...two, nonlinearity: 'relu', batchFirst: true })), rnn.rnn_relu!, path));
    it(`nn.RNN relu, batch_first, packed [${path}]`, () =>
      checkTorchCase(use(new RNN(I, H, { ...two, nonlinearity: 'relu', batchFirst: true })), rnn.rnn_relu_packed!, path));
    it(`nn.LSTM, 2 layers, bidirectional [${path}]`, () => checkTorchCase(use(new LSTM(I, H, two)), lstm.lstm!, path));
    it(`nn.LSTM packed [${path}]`, () => checkTorchCase(use(new LSTM(I, H, two)), lstm.lstm_packed!, path));
    it(`nn.LSTM proj_size=2 [${path}]`, () => checkTorchCase(use(new LSTM(I, H, { ...two, projSize: 2 })), lstm.lstm_proj!, path));
    it(`nn.LSTM proj_size=2, batch_first, packed [${path}]`, () =>
      checkTorchCase(use(new LSTM(I, H, { ...two, projSize: 2, batchFirst: true })), lstm.lstm_proj_packed!, path));
    it(`nn.LSTM 1 layer, no initial state, packed [${path}]`, () =>
      checkTorchCase(use(new LSTM(I, H)), lstm.lstm_no_h0_1layer!, path));
    it(`nn.GRU, 2 layers, bidirectional [${path}]`, () => checkTorchCase(use(new GRU(I, H, two)), gru.gru!, path));
    it(`nn.GRU batch_first, packed [${path}]`, () => checkTorchCase(use(new GRU(I, H, { ...two, batchFirst: true })), gru.gru_packed!, path));
    it(`nn.GRU without bias or initial state [${path}]`, () => checkTorchCase(use(new GRU(I, H, { bias: false })), gru.gru_no_h0!, path));
  }
});
