// Bundlers get tfjs-core's own registration modules (package.json's "browser" field maps
// generated/tfjs-side-effects.js here): the same registrations as the pre-bundled copy, without a
// second copy of the tfjs internals it inlines (~80 KB less in a Vite build). Plain Node cannot load
// these modules (extensionless ESM imports in a CommonJS-typed package), so Node keeps the copy.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
