/**
 * The WebAssembly SIMD versions of the fused step kernels (pointwise.wat), instantiated on the
 * wasm backend's heap. Pointers are byte offsets into that heap; H must be a multiple of 4.
 * @module
 */
import { wasmHeapModule } from '@seqlab/core';
import { wasmBase64 } from './pointwise-wasm.js';

/** The exports of pointwise.wat (argument meanings are documented there). */
export interface PointwiseSimd {
  lstm_step(gh: number, xp: number, c: number, m: number, c1: number, acts: number, B: number, H: number): void;
  lstm_grad(dmA: number, dY: number, dC: number, dcNext: number, acts: number, C: number, prev: number, dpre: number, dcPrev: number, B: number, H: number, addDy: number, carry: number): void;
  gru_step(gh: number, bias: number, xp: number, h: number, h1: number, acts: number, B: number, H: number): void;
  gru_grad(dY: number, cA: number, cB: number, acts: number, prev: number, dgh: number, dxp: number, dhd: number, B: number, H: number, carry: number): void;
  rnn_step(gh: number, xp: number, h1: number, n: number, relu: number): void;
  rnn_grad(dY: number, dhNext: number, Hall: number, dpre: number, n: number, carry: number, relu: number): void;
}

let enabled = true;

/**
 * Turns the WebAssembly SIMD step kernels off (or back on): the fused kernels then run their JS
 * loops on wasm too. For tests and benchmarks; on by default.
 */
export function useSimdKernels(on: boolean): void {
  enabled = on;
}

/** The SIMD kernels on the current wasm backend, or null (off, not wasm, or no SIMD here). */
export function pointwiseSimd(): PointwiseSimd | null {
  return enabled ? wasmHeapModule<PointwiseSimd>(wasmBase64) : null;
}
