// Loads a bundle folder (argv[2]) in a fresh Node process and prints the model's logits for ids 0..3.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadBundle } from '@seqlab/models';
import { directoryReader } from '@seqlab/models/node';
import { registry } from './bigram-architecture.mjs';

tf.env().set('PROD', true);
await tf.setBackend('cpu');
const { model } = await loadBundle(directoryReader(process.argv[2]), registry);
const y = model.forward(tf.tensor1d([0, 1, 2, 3], 'int32'));
console.log(JSON.stringify(Array.from(await y.data())));
