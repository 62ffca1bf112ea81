// Registers the GPU backends the browser test project runs on (headless Chromium).
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs-core';

// Plain tests in the browser start on WebGL; describeBackends switches per block.
await tf.setBackend('webgl');
