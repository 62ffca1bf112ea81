// Registers the GPU backends the browser test project runs on (headless Chromium).
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
