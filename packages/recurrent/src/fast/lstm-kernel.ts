/**
 * LSTM over a whole sequence (PyTorch gate order i, f, g, o; optional projection) with a
 * hand-written backward through time.
 * @module
 */
import { add, concat, matMul, mul, reshape, sigmoid, slice, split, square, stack, sub, tanh, transpose, unstack, zeros, type Tensor } from '@tensorflow/tfjs-core';
import { previousStates, sumOuter } from './common.js';
import { customGradN } from './custom-grad.js';
import { fusedAvailable, runFused } from './fused.js';
import { addStepSpec, lstmGradSpec, lstmStepSpec } from './pointwise.js';

/**
 * Runs the recurrence on `xp` (`[T, B, 4H]`: input projections plus both biases, precomputed for
 * all steps). `weightHh`: `[4H, P]`, `h0`: `[B, P]`, `c0`: `[B, H]`, `weightHr`: `[P, H]` or null
 * (then P = H). Returns `[T, B, P + H]`: every h_t followed by every c_t on the last axis (one
 * tensor, because a custom gradient has one output). Differentiable with respect to every input.
 */
export function lstmSequence(xp: Tensor, weightHh: Tensor, h0: Tensor, c0: Tensor, weightHr: Tensor | null): Tensor {
  return weightHr ? projected(xp, weightHh, h0, c0, weightHr) : plain(xp, weightHh, h0, c0);
}

const plain = makeKernel(false);
const projected = makeKernel(true);

/** One forward step on composite tfjs ops (GPU backends): returns m = o ⊙ tanh(c'), c', acts. */
function compositeStep(x: Tensor, gh: Tensor, c: Tensor, B: number, H: number): Tensor[] {
  const gates = add(x, gh);
  // One sigmoid over all four blocks (the g block's is unused) beats slicing first.
  const s = sigmoid(gates);
  const [i, f, , o] = split(s, 4, 1);
  const g = tanh(slice(gates, [0, 2 * H], [B, H]));
  const c1 = add(mul(f!, c), mul(i!, g));
  return [mul(o!, tanh(c1)), c1, concat([i!, f!, g, o!], 1)];
}

function makeKernel(hasProj: boolean): (...inputs: Tensor[]) => Tensor {
  return customGradN(([xp, weightHh, h0, c0, weightHr], save) => {
    const [T, B] = xp!.shape as [number, number, number];
    const H = c0!.shape[1]!;
    const fused = fusedAvailable();
    const wT = transpose(weightHh!);
    const wrT = hasProj ? transpose(weightHr!) : null;
    const xs = fused ? [] : unstack(xp!);
    const acts: Tensor[] = [];
    const cs: Tensor[] = [];
    const hs: Tensor[] = [];
    let h = h0!;
    let c = c0!;
    for (let t = 0; t < T; t++) {
      const gh = matMul(h, wT);
      const [m, c1, a] = fused ? runFused(lstmStepSpec, [gh, xp!, c], { B, H, t }) : compositeStep(xs[t]!, gh, c, B, H);
      c = c1!;
      h = wrT ? matMul(m!, wrT) : m!;
      acts.push(a!);
      cs.push(c);
      hs.push(h);
    }
    const hAll = stack(hs);
    const cAll = stack(cs);
    save([weightHh!, h0!, c0!, hAll, cAll, stack(acts), ...(hasProj ? [weightHr!] : [])]);
    return {
      value: concat([hAll, cAll], 2),
      gradFunc: (dy, saved) => {
        const [w, hInit, cInit, hA, cA, A, wr] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor?];
        const P = hA.shape[2]!;
        const [dH, dC] = split(dy, [P, H], 2);
        const dpre: Tensor[] = new Array<Tensor>(T);
        const dhTotal: Tensor[] = new Array<Tensor>(T);
        let dh: Tensor | null = null;
        let dc: Tensor | null = null;
        // m = o ⊙ tanh(c) for every step: only the projection's gradient needs it.
        const mAll = (): Tensor => mul(split(A, 4, 2)[3]!, tanh(cA));
        if (fused) {
          const zero = zeros([B, H]);
          for (let t = T - 1; t >= 0; t--) {
            let dm: Tensor;
            if (wr) {
              const dht = dh ? runFused(addStepSpec, [dh, dH!], { t })[0]! : squeezeStep(dH!, t);
              dhTotal[t] = dht;
              dm = matMul(dht, wr);
            } else {
              dm = dh ?? zero;
            }
            const [dp, dcPrev] = runFused(lstmGradSpec, [dm, dH!, dC!, dc ?? zero, A, cA, cInit], {
              B,
              H,
              t,
              addDy: wr ? 0 : 1,
              carry: dc ? 1 : 0,
            });
            dpre[t] = dp!;
            dh = matMul(dp!, w);
            dc = dcPrev!;
          }
        } else {
          const [si, sf, G, so] = split(A, 4, 2);
          const tc = tanh(cA);
          // Everything the loop multiplies by that does not depend on the incoming gradient,
          // computed once for all steps: dc += dm·K, d(pre-activations) = [dc,dc,dc,dm]·Pcat.
          const K = mul(so!, sub(1, square(tc)));
          const pi = mul(G!, mul(si!, sub(1, si!)));
          const pf = mul(previousStates(cA, cInit), mul(sf!, sub(1, sf!)));
          const pg = mul(si!, sub(1, square(G!)));
          const po = mul(tc, mul(so!, sub(1, so!)));
          const pcat = unstack(concat([pi, pf, pg, po], 2));
          const ks = unstack(K);
          const fs = unstack(sf!);
          const dHs = unstack(dH!);
          const dCs = unstack(dC!);
          for (let t = T - 1; t >= 0; t--) {
            const dht: Tensor = dh ? add(dHs[t]!, dh) : dHs[t]!;
            dhTotal[t] = dht;
            const dm = wr ? matMul(dht, wr) : dht;
            const dct: Tensor = add(dc ? add(dCs[t]!, dc) : dCs[t]!, mul(dm, ks[t]!));
            dpre[t] = mul(concat([dct, dct, dct, dm], 1), pcat[t]!);
            dh = matMul(dpre[t]!, w);
            dc = mul(dct, fs[t]!);
          }
        }
        const dXp = stack(dpre);
        const grads = [dXp, sumOuter(dXp, previousStates(hA, hInit)), dh!, dc!];
        if (wr) grads.push(sumOuter(stack(dhTotal), mAll()));
        return grads;
      },
    };
  });
}

/** `x[t]` of a `[T, B, F]` tensor as `[B, F]`. */
function squeezeStep(x: Tensor, t: number): Tensor {
  const [, B, F] = x.shape as [number, number, number];
  return reshape(slice(x, [t, 0, 0], [1, B, F]), [B, F]);
}
