import { getBackend, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Whether the active backend can read a tensor synchronously without harm. tfjs-backend-webgpu
 * implements `dataSync()` by drawing into a canvas, which in Chromium can lose the GPU device
 * ("A valid external Instance reference no longer exists") and break every later op; so on
 * WebGPU, host-side input checks are skipped rather than risk the device.
 */
export function canReadSync(): boolean {
  return getBackend() !== 'webgpu';
}

/** `t.dataSync()` where that is safe (see {@link canReadSync}), otherwise `null`. */
export function readSyncIfSafe(t: Tensor): ArrayLike<number> | null {
  return canReadSync() ? (t.dataSync() as ArrayLike<number>) : null;
}
