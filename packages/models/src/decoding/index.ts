export { beamSearch, type BeamSearchOptions } from './beam.js';
export { checkDecodeOptions } from './check.js';
export { greedyDecode } from './greedy.js';
export { decodeRowwise, type TokenChooser } from './rowwise.js';
export { argmax, logSoftmaxRow, topKIndices } from './host-math.js';
export { sampleDecode, sampleFiltered, type SamplingOptions } from './sampling.js';
export type { DecodeOptions, Hypothesis, StepModel, StepOutput } from './types.js';
