/**
 * Per-row softmax cross-entropy with a hand-written gradient: the loss path every model trains
 * through, over `[rows, vocabulary]` logits that dominate a step's elementwise work.
 *
 * Autodiff through `logSoftmax` + a gather recomputes `exp` in the backward pass, sums the
 * scattered upstream gradient over the vocabulary and scatters it back (~10 passes over the
 * logits, two of them `exp`). Here the forward keeps `exp(x - max)` and its row sums, and the
 * gradient is `dy · (softmax - target distribution)`: one division, one scatter of the target
 * term and two elementwise passes, no second `exp`. On wasm the per-row work is two WebAssembly
 * SIMD kernels (simd/xent.wat): the forward reads the logits twice, the backward is one pass.
 * @module
 */
import { add, customGrad, div, engine, expandDims, exp, fill, getBackend, log, max, mean, mul, range, scatterND, stack, sub, sum, unstack, type Tensor } from '@tensorflow/tfjs-core';
import { takeAlongLastAxis } from '../ops/gather.js';
import { heapOffset, registerHeapKernel, wasmHeapModule } from '../ops/wasm-heap-module.js';
import { wasmBase64 } from './simd/xent-wasm.js';

interface XentSimd {
  xent_forward(x: number, t: number, e: number, stats: number, R: number, C: number): void;
  xent_backward(e: number, stats: number, t: number, k: number, g: number, R: number, C: number, eps: number): void;
}

function ensureKernels(): void {
  registerHeapKernel<XentSimd>('SeqlabXentForward', wasmBase64, (k, { x, t }, alloc) => {
    const [R, C] = x!.shape as [number, number];
    const outs = [alloc([R, C]), alloc([R, 3])];
    k.xent_forward(heapOffset(x!), heapOffset(t!), heapOffset(outs[0]!), heapOffset(outs[1]!), R, C);
    return outs;
  });
  registerHeapKernel<XentSimd>('SeqlabXentBackward', wasmBase64, (k, { e, stats, t, coef }, alloc, attrs) => {
    const [R, C] = e!.shape as [number, number];
    const g = alloc([R, C]);
    k.xent_backward(heapOffset(e!), heapOffset(stats!), heapOffset(t!), heapOffset(coef!), heapOffset(g), R, C, attrs.eps as number);
    return g;
  });
}

/** The same loss and gradient with the per-row work in two SIMD kernels (wasm). */
function simdRows(logits: Tensor, targets: Tensor, valid: Tensor, eps: number): Tensor {
  ensureKernels();
  const C = logits.shape[1]!;
  const op = customGrad(((x: Tensor, save: (t: Tensor[]) => void) => {
    const [e, stats] = engine().runKernel('SeqlabXentForward', { x, t: targets }) as unknown as [Tensor, Tensor];
    const [s, zt, zs] = unstack(stats!, 1) as [Tensor, Tensor, Tensor];
    const lse = log(s);
    const loss = eps > 0 ? sub(sub(lse, mul(zt, 1 - eps)), mul(zs, eps / C)) : sub(lse, zt);
    save([e!, stats!, targets, valid]);
    return {
      value: mul(loss, valid),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [es, st, ts, vs] = saved as [Tensor, Tensor, Tensor, Tensor];
        return engine().runKernel('SeqlabXentBackward', { e: es, stats: st, t: ts, coef: mul(dy as Tensor, vs) }, { eps: Math.fround(eps) } as never) as Tensor;
      },
    };
  }) as unknown as Parameters<typeof customGrad>[0]) as unknown as (x: Tensor) => Tensor;
  return op(logits);
}

/**
 * `valid · ((1 - ε)·(-log p[target]) + ε·(-mean log p))` per row of `logits` `[R, C]`, where
 * `p = softmax(logits)`, `targets` `[R]` int32 are valid class indices (ignored rows carry any
 * valid index and `valid` 0), `valid` `[R]` float32 is 1 or 0. Differentiable in `logits` only.
 */
export function softmaxCrossEntropyRows(logits: Tensor, targets: Tensor, valid: Tensor, eps: number): Tensor {
  const C = logits.shape[1]!;
  if (getBackend() === 'wasm' && logits.dtype === 'float32' && C > 0 && wasmHeapModule<XentSimd>(wasmBase64)) return simdRows(logits, targets, valid, eps);
  const op = customGrad(((x: Tensor, save: (t: Tensor[]) => void) => {
    const z = sub(x, expandDims(max(x, 1), 1)); // ≤ 0: exp cannot overflow
    const e = exp(z);
    const s = sum(e, 1);
    const lse = log(s);
    const zt = takeAlongLastAxis(z, targets);
    // -log p_t = lse - z_t; smoothing adds -mean_c log p_c = lse - mean(z).
    const loss = eps > 0 ? sub(sub(lse, mul(zt, 1 - eps)), mul(mean(z, 1), eps)) : sub(lse, zt);
    // targets and valid too: the caller's tidy disposes its copies before backprop runs.
    save([e, s, targets, valid]);
    return {
      value: mul(loss, valid),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [es, ss, ts, vs] = saved as [Tensor, Tensor, Tensor, Tensor];
        const p = div(es, expandDims(ss, 1));
        // p - (1 - ε) at each row's target, written by one scatter. Not oneHot(..., 'float32')
        // (tfjs-backend-wasm 4.22 returns all zeros) nor equal(range(C), targets) (wasm's
        // broadcasting Equal took 0.75 s on [640, 4200]).
        const R = ts.shape[0]!;
        const at = stack([range(0, R, 1, 'int32'), ts], 1);
        let g = add(p, scatterND(at, fill([R], -(1 - eps)), [R, C]));
        if (eps > 0) g = sub(g, eps / C);
        return mul(g, expandDims(mul(dy as Tensor, vs), 1));
      },
    };
  }) as unknown as Parameters<typeof customGrad>[0]) as unknown as (x: Tensor) => Tensor;
  return op(logits);
}
