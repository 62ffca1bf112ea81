/**
 * `@seqlab/core`: the bottom layer of seqlab. A PyTorch-style {@link Module} system with
 * PyTorch-compatible state dict names, seeded initialisers, `Linear` / `Embedding` / `LayerNorm` /
 * `Dropout`, losses, masks, safetensors I/O, backend selection and a tensor leak check, on
 * `@tensorflow/tfjs-core` alone (gradients and chained ops registered on import).
 * @packageDocumentation
 */
import './tfjs-setup.js';

export { BackendError, registeredBackends, selectBackend, type BackendAttempt, type BackendSelection } from './backend.js';
export { formatShape, ShapeError, ValueError } from './errors.js';
export { canReadSync, readSyncIfSafe } from './host-read.js';
export { isHostTensor, toHostTensor, type HostTensor } from './host-tensor.js';
export {
  calculateGain,
  constant,
  fans,
  kaimingNormal,
  kaimingUniform,
  normal,
  orthogonal,
  uniform,
  xavierNormal,
  xavierUniform,
  type InitOptions,
  type KaimingOptions,
  type Nonlinearity,
} from './init.js';
export { Dropout } from './layers/dropout.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding.js';
export { LayerNorm, type LayerNormOptions } from './layers/layer-norm.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { expectNoLeaks, expectNoLeaksAsync, TensorLeakError } from './leaks.js';
export {
  crossEntropy,
  nllLoss,
  type CrossEntropyOptions,
  type LossOptions,
  type Reduction,
} from './losses/cross-entropy.js';
export { causalMask, combineMasks, lengthsToMask, maskToAdditive, maskToFloat, paddingMaskFromIds } from './masks.js';
export {
  Module,
  ModuleList,
  StateDictError,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  type Parameter,
  type StateDict,
} from './module.js';
export { gatherRows, takeAlongLastAxis } from './ops/gather.js';
export { addBias, matMulTA, matMulTB, mm, transposeLast } from './ops/matmul.js';
export { gelu } from './ops/gelu.js';
export { sumRows } from './ops/sum-rows.js';
export { heapOffset, registerHeapKernel, wasmHeapModule, type HeapKernelBody } from './ops/wasm-heap-module.js';
export { ensureWasmKernels } from './ops/wasm-kernels.js';
export { defaultGenerator, Generator, manualSeed, type GeneratorState } from './rng.js';
export * from './safetensors/index.js';
export { checkDtype, checkRank, checkShape, sizeOf } from './shapes.js';
export { loadWeights, saveWeights } from './weights.js';
