/**
 * `@seqlab/train`: training loops and evaluation for seqlab models. A {@link Trainer} over
 * (model, loss, optimizer) with {@link AdamW} or {@link Adam}, clipping, accumulation, LR schedules, teacher
 * forcing, callbacks (progress, JSONL, early stopping, checkpoints) and exact resume; metrics
 * that equal their references (sacreBLEU's BLEU and chrF, WER/CER, accuracy, perplexity).
 * Node-only helpers (files) live in `@seqlab/train/node`.
 * @packageDocumentation
 */
export { CheckpointError, NonFiniteError } from './errors.js';
export type { Callback, EvalEvent, FitResult, StepContext, StepEvent, StopReason, TextWriter, TrainerLike } from './events.js';
export { Trainer, type FitOptions, type LossFn, type LossOutput, type TrainerOptions } from './trainer.js';
export { CHECKPOINT_VERSION, restoreCheckpoint, serializeCheckpoint, type CheckpointState } from './checkpoint.js';
export { AdamW, type AdamWOptions, type NamedTensor } from './optim/adamw.js';
export { Adam, type AdamOptions } from './optim/adam.js';
export { useFusedAdamKernel } from './optim/adamw-kernel.js';
export { getLearningRate, setLearningRate } from './optim/lr.js';
export { clipGradNorm, globalNorm, vectorNorm, type ClippedGrads } from './clip.js';
export {
  constantLr,
  cosineWithWarmup,
  noamLr,
  stepLr,
  type CosineOptions,
  type LrSchedule,
  type NoamOptions,
  type StepOptions,
} from './schedules.js';
export { linearRatio, TeacherForcing } from './teacher-forcing.js';
export { tokenCrossEntropy, type TokenLossOptions } from './losses.js';
export { EarlyStopping, type EarlyStoppingOptions } from './callbacks/early-stopping.js';
export { formatProgress, JsonlLogger, onProgress } from './callbacks/jsonl.js';
export { Checkpointer, type CheckpointSink } from './callbacks/checkpointer.js';
export { accuracy, accuracyFromLogits, perplexity } from './metrics/classification.js';
export { charErrorRate, editDistance, wordErrorRate, type ErrorRate } from './metrics/edit-distance.js';
export { computeBleu, corpusBleu, sentenceBleu, type BleuOptions, type BleuScore, type BleuSmoothing } from './metrics/bleu.js';
export { corpusChrf, sentenceChrf, type ChrfOptions, type ChrfScore } from './metrics/chrf.js';
export { bleuTokenizer, tokenize13a, tokenizeChar, tokenizeIntl, type BleuTokenizer } from './metrics/sacre-tokenizers.js';
