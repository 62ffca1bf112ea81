/**
 * `@seqlab/models`: the backend-agnostic core the trainer app and the web demo share —
 * decoding (greedy, beam search, sampling) over any {@link StepModel}, and model bundles
 * (config.json + model.safetensors + tokenizer.json) saved and loaded through one small I/O
 * interface (`@seqlab/models/node` for folders, {@link urlReader} in the browser).
 * @packageDocumentation
 */
export * from './bundle/index.js';
export * from './decoding/index.js';
export * from './tasks/index.js';
