import { tensor, type Optimizer, type Tensor, type Variable } from '@tensorflow/tfjs-core';
import { parseSafetensors, serializeSafetensors, type GeneratorState, type HostTensor, type Module } from '@seqlab/core';
import { CheckpointError } from './errors.js';

/** Checkpoint format version written by this package. */
export const CHECKPOINT_VERSION = 1;
const FORMAT = 'seqlab-checkpoint';
const META_KEY = 'seqlab.checkpoint';

/** Everything but the tensors: where training stands. */
export interface CheckpointState {
  /** Updates applied. */
  step: number;
  /** Epoch in progress. */
  epoch: number;
  /** Micro-batches of `epoch` already consumed (the data position). */
  position: number;
  /** The trainer generator's state. */
  rng: GeneratorState;
  /** Each callback's state by its `name`. */
  callbacks: Record<string, unknown>;
}

interface Meta extends CheckpointState {
  format: string;
  version: number;
  optimizer: { className: string; names: string[] };
}

/**
 * State that tfjs optimizers keep outside `getWeights`: Adam's and Adamax's running products
 * β^t (`accBeta1`, `accBeta2`). Their `setWeights` recomputes them as `pow(β, t + 1)`, which can
 * differ from the running product in the last bit; saving the variables themselves makes a
 * resumed run continue bit for bit.
 */
function hiddenSlots(optimizer: Optimizer): Record<string, Variable> {
  const o = optimizer as unknown as Record<string, unknown>;
  const out: Record<string, Variable> = {};
  for (const k of ['accBeta1', 'accBeta2']) {
    const v = o[k] as Variable | undefined;
    if (v && typeof v.assign === 'function' && !v.isDisposed) out[k] = v;
  }
  return out;
}

async function host(t: Tensor): Promise<HostTensor> {
  if (t.dtype === 'float32') return { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(await t.data()) };
  if (t.dtype === 'int32' || t.dtype === 'bool') return { dtype: 'int32', shape: [...t.shape], data: Int32Array.from(await t.data()) };
  throw new CheckpointError(`cannot checkpoint a ${t.dtype} tensor`);
}

/**
 * Serialises model weights (`model.<state dict name>`), optimizer slots (`optimizer.<index>`) and
 * the training state (JSON in the safetensors metadata) into one safetensors file. Reads tensors
 * asynchronously (safe on every backend).
 */
export async function serializeCheckpoint(model: Module, optimizer: Optimizer, state: CheckpointState): Promise<Uint8Array> {
  const tensors: Record<string, HostTensor> = {};
  for (const [k, t] of Object.entries(model.stateDict())) tensors[`model.${k}`] = await host(t);
  const weights = await optimizer.getWeights();
  const names: string[] = [];
  for (const [i, w] of weights.entries()) {
    tensors[`optimizer.${i}`] = await host(w.tensor);
    names.push(w.name);
  }
  // The `iter` scalar is created by getWeights (tfjs's saveIterations): free it.
  for (const w of weights) if (w.name === 'iter') w.tensor.dispose();
  for (const [k, v] of Object.entries(hiddenSlots(optimizer))) tensors[`optimizer.extra.${k}`] = await host(v);
  const meta: Meta = { format: FORMAT, version: CHECKPOINT_VERSION, ...state, optimizer: { className: optimizer.getClassName(), names } };
  return serializeSafetensors(tensors, { [META_KEY]: JSON.stringify(meta) });
}

/**
 * Restores a checkpoint into a model and optimizer of the same architecture and kind, and
 * returns the training state. Everything is validated before anything is written: a wrong file,
 * a newer version, another optimizer class or mismatched weights throw a {@link CheckpointError}
 * (or core's `StateDictError`) and leave model and optimizer unchanged.
 */
export async function restoreCheckpoint(bytes: Uint8Array, model: Module, optimizer: Optimizer): Promise<CheckpointState> {
  let file: ReturnType<typeof parseSafetensors>;
  try {
    file = parseSafetensors(bytes);
  } catch (e) {
    throw new CheckpointError(`not a checkpoint: ${(e as Error).message}`);
  }
  const raw = file.metadata[META_KEY];
  if (!raw) throw new CheckpointError(`not a seqlab checkpoint: no '${META_KEY}' metadata`);
  const meta = JSON.parse(raw) as Meta;
  if (meta.format !== FORMAT) throw new CheckpointError(`not a seqlab checkpoint: format '${meta.format}'`);
  if (meta.version > CHECKPOINT_VERSION) {
    throw new CheckpointError(`checkpoint version ${meta.version} is newer than this @seqlab/train supports (${CHECKPOINT_VERSION})`);
  }
  if (meta.optimizer.className !== optimizer.getClassName()) {
    throw new CheckpointError(`checkpoint was written with optimizer ${meta.optimizer.className}, got ${optimizer.getClassName()}`);
  }
  const modelState: Record<string, HostTensor> = {};
  for (const [k, t] of Object.entries(file.tensors)) if (k.startsWith('model.')) modelState[k.slice(6)] = t;
  const optTensors = meta.optimizer.names.map((name, i) => {
    const t = file.tensors[`optimizer.${i}`];
    if (!t) throw new CheckpointError(`checkpoint is missing optimizer tensor ${i} (${name})`);
    return { name, t };
  });
  // loadStateDict validates every key and shape before writing anything.
  model.loadStateDict(modelState);
  const named = optTensors.map(({ name, t }) => ({ name, tensor: tensor(t.data, t.shape, t.dtype) }));
  try {
    await optimizer.setWeights(named);
  } finally {
    for (const n of named) n.tensor.dispose();
  }
  for (const [k, v] of Object.entries(hiddenSlots(optimizer))) {
    const saved = file.tensors[`optimizer.extra.${k}`];
    if (!saved) continue;
    const t = tensor(saved.data, saved.shape, saved.dtype);
    v.assign(t);
    t.dispose();
  }
  return { step: meta.step, epoch: meta.epoch, position: meta.position, rng: meta.rng, callbacks: meta.callbacks ?? {} };
}
