/**
 * Elman RNN over a whole sequence with a hand-written backward through time.
 * @module
 */
import { add, cast, greater, matMul, mul, relu, square, stack, sub, tanh, transpose, unstack, type Tensor } from '@tensorflow/tfjs-core';
import type { RNNNonlinearity } from '../cells/weights.js';
import { previousStates, sumOuter } from './common.js';
import { customGradN } from './custom-grad.js';
import { fusedAvailable, runFused } from './fused.js';
import { rnnGradSpec, rnnStepSpec } from './pointwise.js';

const kernels = {
  tanh: makeKernel('tanh'),
  relu: makeKernel('relu'),
};

/**
 * `H_t = act(XP_t + H_{t-1} W_hhᵀ)` for t = 0..T-1, where `xp` (`[T, B, H]`) already holds the input
 * projections and both biases of every step. Returns every `H_t` (`[T, B, H]`).
 * Differentiable with respect to `xp`, `weightHh` and `h0`.
 */
export function rnnSequence(xp: Tensor, weightHh: Tensor, h0: Tensor, nonlinearity: RNNNonlinearity): Tensor {
  return kernels[nonlinearity](xp, weightHh, h0);
}

function makeKernel(nonlinearity: RNNNonlinearity): (...inputs: Tensor[]) => Tensor {
  const isRelu = nonlinearity === 'relu';
  const act = isRelu ? relu : tanh;
  return customGradN(([xp, weightHh, h0], save) => {
    const [T, B, H] = xp!.shape as [number, number, number];
    const fused = fusedAvailable();
    const wT = transpose(weightHh!);
    const hs: Tensor[] = [];
    let h = h0!;
    if (fused) {
      for (let t = 0; t < T; t++) {
        h = runFused(rnnStepSpec, [matMul(h, wT), xp!], { B, H, t, relu: isRelu ? 1 : 0 })[0]!;
        hs.push(h);
      }
    } else {
      for (const x of unstack(xp!)) {
        h = act(add(x, matMul(h, wT)));
        hs.push(h);
      }
    }
    const all = stack(hs);
    save([weightHh!, h0!, all]);
    return {
      value: all,
      gradFunc: (dy, [w, hInit, hAll]) => {
        const dpre: Tensor[] = new Array<Tensor>(T);
        let dh: Tensor | null = null;
        if (fused) {
          for (let t = T - 1; t >= 0; t--) {
            dpre[t] = runFused(rnnGradSpec, [dy, dh ?? hInit!, hAll!], { B, H, t, carry: dh ? 1 : 0, relu: isRelu ? 1 : 0 })[0]!;
            dh = matMul(dpre[t]!, w!);
          }
        } else {
          // act'(pre) from the outputs: 1 - h² for tanh, [h > 0] for relu.
          const ds = unstack(isRelu ? cast(greater(hAll!, 0), 'float32') : sub(1, square(hAll!)));
          const dys = unstack(dy);
          for (let t = T - 1; t >= 0; t--) {
            const g: Tensor = dh ? add(dys[t]!, dh) : dys[t]!;
            dpre[t] = mul(g, ds[t]!);
            dh = matMul(dpre[t]!, w!);
          }
        }
        const dXp = stack(dpre);
        return [dXp, sumOuter(dXp, previousStates(hAll!, hInit!)), dh!];
      },
    };
  });
}
