/**
 * `@seqlab/trainer`: the `seqlab` command line (train, evaluate and run every seqlab task on the
 * fastest tfjs backend present). The CLI is the product; this entry point exposes its command
 * function for scripts and tests.
 * @packageDocumentation
 */
export { main, usage, COMMANDS } from './main.js';
export { memoryIo, processIo, type CliIo } from './io.js';
export { UsageError, EXIT_USAGE, EXIT_INTERRUPTED } from './errors.js';
export { activateBackend, BACKEND_CHOICES, type BackendChoice, type BackendReport, type NativeProbe } from './backend.js';
export { collectInfo, type BackendStatus, type InfoReport } from './info.js';
