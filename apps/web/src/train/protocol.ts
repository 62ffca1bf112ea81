/**
 * Messages between the page and the training worker.
 * @module
 */
import type { BackendAttempt } from '@seqlab/core';

/** Page -> worker. */
export type ToWorker =
  | { type: 'init'; backend: string }
  | { type: 'start'; seed: number; lr: number; batch: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'export' };

/** Worker -> page. */
export type FromWorker =
  | { type: 'ready'; backend: string; attempts: BackendAttempt[] }
  | { type: 'loss'; step: number; loss: number; msPerStep: number }
  | { type: 'running'; running: boolean }
  | { type: 'bundle'; zip: Uint8Array; files: Record<string, Uint8Array> }
  | { type: 'error'; message: string };
