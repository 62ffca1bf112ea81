import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the build works from any sub-path (GitHub Pages, a docs folder).
  base: './',
  // The training worker imports the wasm backend, which code-splits: ES module workers allow that.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // .wasm binaries are served as files (setWasmPaths points at them), never inlined.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  preview: { host: '127.0.0.1', strictPort: false },
});
