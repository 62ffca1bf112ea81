import type { FlagSpecs } from '../args.js';
import { BACKEND_CHOICES } from '../backend.js';

/** Flags every `seqlab train <task>` accepts (tasks override some defaults). */
export const COMMON_TRAIN_FLAGS: FlagSpecs = {
  data: { type: 'string', help: 'your own data file (or folder for classify-names / generate-names) instead of the built-in data' },
  out: { type: 'string', help: 'bundle folder to write (written atomically: a temp folder renamed at the end)' },
  overwrite: { type: 'boolean', default: false, help: 'replace an existing --out bundle' },
  resume: { type: 'boolean', default: false, help: 'continue from the newest checkpoint in <out>.work/checkpoints' },
  backend: { type: 'choice', choices: BACKEND_CHOICES, default: 'auto', help: 'tfjs backend' },
  steps: { type: 'int', min: 1, default: 1000, help: 'optimizer updates' },
  'batch-size': { type: 'int', min: 1, default: 32, help: 'examples per update' },
  lr: { type: 'number', min: 0, default: 1e-3, help: 'peak learning rate (AdamW)' },
  'weight-decay': { type: 'number', min: 0, default: 0, help: 'AdamW decoupled weight decay' },
  warmup: { type: 'int', min: 0, default: 50, help: 'linear warm-up updates before the cosine decay' },
  'min-lr-ratio': { type: 'number', min: 0, max: 1, default: 0.1, help: 'final learning rate as a fraction of --lr' },
  clip: { type: 'number', min: 0, default: 1, help: 'clip the global gradient norm (0: off)' },
  seed: { type: 'int', default: 1234, help: 'seed of the split, initial weights, shuffles and dropout' },
  'eval-every': { type: 'int', min: 1, default: 200, help: 'validation loss every N updates' },
  'checkpoint-every': { type: 'int', min: 1, default: 200, help: 'checkpoint every N updates (Ctrl-C also saves one)' },
  'log-every': { type: 'int', min: 1, default: 50, help: 'progress line every N updates when stderr is not a terminal' },
  'max-minutes': { type: 'number', min: 0, default: 0, help: 'stop training after this many minutes (0: no limit); the model is still evaluated and saved' },
  'valid-fraction': { type: 'number', min: 0, max: 0.5, default: 0.1, help: 'fraction of the data held out for validation' },
  'test-fraction': { type: 'number', min: 0, max: 0.5, default: 0.1, help: 'fraction of the data held out for the final test metrics' },
  limit: { type: 'int', min: 0, default: 0, help: 'use only the first N examples of the data (0: all), for quick trials' },
};
