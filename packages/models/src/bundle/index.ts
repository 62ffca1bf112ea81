export { BundleError } from './errors.js';
export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, CONFIG_FILE, parseConfig, WEIGHTS_FILE, type BundleConfig } from './format.js';
export { memoryReader, memoryWriter, urlReader, type BundleReader, type BundleWriter } from './io.js';
export { loadBundle, type LoadBundleOptions, type LoadedBundle } from './load.js';
export { ArchitectureRegistry, type ModelBuilder } from './registry.js';
export { saveBundle, type SaveBundleInput } from './save.js';
export { tokenizerVocabSize } from './tokenizer-json.js';
