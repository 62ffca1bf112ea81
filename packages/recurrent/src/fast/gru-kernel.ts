/**
 * GRU over a whole sequence (PyTorch's r, z, n form) with a hand-written backward through time.
 * @module
 */
import { sumRows } from '@seqlab/core';
import { add, concat, matMul, mul, reshape, sigmoid, split, square, stack, sub, tanh, transpose, unstack, type Tensor } from '@tensorflow/tfjs-core';
import { previousStates, sumOuter } from './common.js';
import { customGradN } from './custom-grad.js';
import { fusedAvailable, runFused } from './fused.js';
import { gruGradSpec, gruStepSpec } from './pointwise.js';

/**
 * Runs the recurrence on `xp` (`[T, B, 3H]`: `x W_ihᵀ + b_ih` for all steps). `weightHh`:
 * `[3H, H]`, `biasHh`: `[3H]` (zeros for a layer without bias), `h0`: `[B, H]`. Returns every
 * h_t (`[T, B, H]`). Differentiable with respect to every input.
 */
export function gruSequence(xp: Tensor, weightHh: Tensor, biasHh: Tensor, h0: Tensor): Tensor {
  return kernel(xp, weightHh, biasHh, h0);
}

const kernel = customGradN(([xp, weightHh, biasHh, h0], save) => {
  const [T, B] = xp!.shape as [number, number, number];
  const H = h0!.shape[1]!;
  const fused = fusedAvailable();
  const wT = transpose(weightHh!);
  const hs: Tensor[] = [];
  let h = h0!;
  let acts: Tensor;
  if (fused) {
    // acts_t = (r, z, n, W_hn h + b_hn): everything the backward step needs.
    const as: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const [h1, a] = runFused(gruStepSpec, [matMul(h, wT), biasHh!, xp!, h], { B, H, t });
      h = h1!;
      hs.push(h);
      as.push(a!);
    }
    acts = stack(as);
  } else {
    const [xrz, xn] = split(xp!, [2 * H, H], 2);
    const xrzs = unstack(xrz!);
    const xns = unstack(xn!);
    const as: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const [ghrz, ghn] = split(add(matMul(h, wT), biasHh!), [2 * H, H], 1);
      const rz = sigmoid(add(xrzs[t]!, ghrz!));
      const [r, z] = split(rz, 2, 1);
      const n = tanh(add(xns[t]!, mul(r!, ghn!)));
      h = add(n, mul(z!, sub(h, n)));
      as.push(concat([rz, n, ghn!], 1));
      hs.push(h);
    }
    acts = stack(as);
  }
  const hAll = stack(hs);
  save([weightHh!, h0!, hAll, acts]);
  return {
    value: hAll,
    gradFunc: (dy, [w, hInit, hA, A]) => {
      const hPrev = previousStates(hA!, hInit!);
      if (fused) {
        const dgh: Tensor[] = new Array<Tensor>(T);
        const dxp: Tensor[] = new Array<Tensor>(T);
        let carry: [Tensor, Tensor] | null = null;
        for (let t = T - 1; t >= 0; t--) {
          const [g, x, direct] = runFused(gruGradSpec, [dy, carry?.[0] ?? hInit!, carry?.[1] ?? hInit!, A!, hA!, hInit!], { B, H, t, carry: carry ? 1 : 0 });
          dgh[t] = g!;
          dxp[t] = x!;
          carry = [direct!, matMul(g!, w!)];
        }
        const dGH = stack(dgh);
        return [stack(dxp), sumOuter(dGH, hPrev), sumRows(reshape(dGH, [T * B, 3 * H])), add(carry![0], carry![1])];
      }
      const [R, Z, N, GHN] = split(A!, 4, 2);
      // h' = n + z (h - n), n = tanh(xn + r ⊙ ghn): the gradient factors that do not depend on
      // the incoming gradient, for all steps at once.
      const qn = mul(sub(1, Z!), sub(1, square(N!)));
      const qz = mul(sub(hPrev, N!), mul(Z!, sub(1, Z!)));
      const qnr = mul(qn, mul(GHN!, mul(R!, sub(1, R!))));
      const qgh = unstack(concat([qnr, qz, mul(qn, R!)], 2));
      const zs = unstack(Z!);
      const dys = unstack(dy);
      const dgh: Tensor[] = new Array<Tensor>(T);
      const dhs: Tensor[] = new Array<Tensor>(T);
      let dh: Tensor | null = null;
      for (let t = T - 1; t >= 0; t--) {
        const dht: Tensor = dh ? add(dys[t]!, dh) : dys[t]!;
        dhs[t] = dht;
        dgh[t] = mul(concat([dht, dht, dht], 1), qgh[t]!);
        dh = add(mul(dht, zs[t]!), matMul(dgh[t]!, w!));
      }
      const dGH = stack(dgh);
      const dHt = stack(dhs);
      const dXp = mul(concat([dHt, dHt, dHt], 2), concat([qnr, qz, qn], 2));
      return [dXp, sumOuter(dGH, hPrev), sumRows(reshape(dGH, [T * B, 3 * H])), dh!];
    },
  };
});
