// Registers the backends the node test project runs on. wasm in Node: SIMD build, one thread.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

// Silence tfjs's "install tfjs-node" banner (advice for apps, not test output). Not IS_TEST:
// that flag turns on a kernel leak check that misfires on wasm for customGrad's saved tensors.
tf.env().set('PROD', true);

// Plain (non-matrix) tests run on the exact reference backend; describeBackends switches per block.
await tf.setBackend('cpu');
