/**
 * Makes `@tensorflow/tfjs-core` complete on its own: registers every gradient and the chained
 * tensor methods (`x.add(y)`), which otherwise only the umbrella `@tensorflow/tfjs` package does.
 * Imported for its side effects by `@seqlab/core`'s entry point, so any package that imports
 * `@seqlab/core` can differentiate through tfjs ops on any backend.
 *
 * The order matters: the public tfjs-core module must be evaluated first so that its `Tensor`
 * class is the one registered globally.
 * @module
 */
import '@tensorflow/tfjs-core';
import './generated/tfjs-side-effects.js';
