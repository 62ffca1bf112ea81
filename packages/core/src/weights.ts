import type { LoadStateDictOptions, LoadStateDictResult, Module } from './module.js';
import { parseSafetensors, serializeSafetensors } from './safetensors/index.js';

/**
 * A module's state dict as safetensors bytes (what `model.safetensors` holds). The keys are the
 * PyTorch names, so `safetensors.torch.load_file` + `load_state_dict` accepts it unchanged.
 */
export function saveWeights(module: Module, metadata?: Record<string, string>): Uint8Array {
  return serializeSafetensors(module.stateDict(), metadata);
}

/**
 * Loads safetensors bytes into a module. The file is fully validated and every key and shape
 * checked before anything is written (see {@link Module.loadStateDict}).
 */
export function loadWeights(module: Module, bytes: Uint8Array, opts: LoadStateDictOptions = {}): LoadStateDictResult {
  return module.loadStateDict(parseSafetensors(bytes).tensors, opts);
}
