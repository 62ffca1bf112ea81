/**
 * Test support (not exported): LSTM-with-peephole and reset-before-matmul GRU written directly
 * in plain JavaScript numbers (float64), for the variants PyTorch has no module for, and a
 * finite-difference gradient of any such function.
 */

/** Plain weights: matrices as row arrays, PyTorch layouts. */
export interface PlainWeights {
  wIh: number[][];
  wHh: number[][];
  bIh: number[];
  bHh: number[];
  wCh?: number[][];
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

function mv(w: number[][], v: number[], rowStart: number, rows: number): number[] {
  const out: number[] = [];
  for (let r = rowStart; r < rowStart + rows; r++) out.push(w[r]!.reduce((s, wij, j) => s + wij * v[j]!, 0));
  return out;
}

/** Gate block `k` (of size H) of `W v + b`. */
function block(w: number[][], b: number[], v: number[], k: number, H: number): number[] {
  return mv(w, v, k * H, H).map((s, j) => s + b[k * H + j]!);
}

/**
 * Peephole LSTM, formula by formula: i = σ(W_xi x + W_hi h + W_ci c + b_i), f likewise, o likewise
 * (all with c_{t-1}), c' = f c + i tanh(W_xc x + W_hc h + b_c), h' = o tanh(c').
 * Returns the h of every step and the final (h, c), for one sequence `xs`.
 */
export function plainPeepholeLstm(w: PlainWeights, xs: number[][], h0: number[], c0: number[]): { hs: number[][]; h: number[]; c: number[] } {
  const H = h0.length;
  let h = h0;
  let c = c0;
  const hs: number[][] = [];
  for (const x of xs) {
    const pre = (k: number): number[] => {
      const a = block(w.wIh, w.bIh, x, k, H);
      const b = block(w.wHh, w.bHh, h, k, H);
      return a.map((v, j) => v + b[j]!);
    };
    const peep = (k: number): number[] => mv(w.wCh!, c, k * H, H);
    const i = pre(0).map((v, j) => sig(v + peep(0)[j]!));
    const f = pre(1).map((v, j) => sig(v + peep(1)[j]!));
    const g = pre(2).map(Math.tanh);
    const o = pre(3).map((v, j) => sig(v + peep(2)[j]!));
    c = c.map((cj, j) => f[j]! * cj + i[j]! * g[j]!);
    h = c.map((cj, j) => o[j]! * Math.tanh(cj));
    hs.push(h);
  }
  return { hs, h, c };
}

/**
 * GRU with the reset gate before the matmul: r = σ(W_ir x + b_ir + W_hr h + b_hr), z likewise,
 * n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn), h' = (1 - z) n + z h.
 */
export function plainResetBeforeGru(w: PlainWeights, xs: number[][], h0: number[]): { hs: number[][]; h: number[] } {
  const H = h0.length;
  let h = h0;
  const hs: number[][] = [];
  for (const x of xs) {
    const r = block(w.wIh, w.bIh, x, 0, H).map((v, j) => sig(v + block(w.wHh, w.bHh, h, 0, H)[j]!));
    const z = block(w.wIh, w.bIh, x, 1, H).map((v, j) => sig(v + block(w.wHh, w.bHh, h, 1, H)[j]!));
    const rh = h.map((hj, j) => r[j]! * hj);
    const n = block(w.wIh, w.bIh, x, 2, H).map((v, j) => Math.tanh(v + block(w.wHh, w.bHh, rh, 2, H)[j]!));
    h = n.map((nj, j) => (1 - z[j]!) * nj + z[j]! * h[j]!);
    hs.push(h);
  }
  return { hs, h };
}

/** Central finite differences of `f` with respect to every entry of `values` (float64). */
export function numericGrad(values: number[], f: () => number, eps = 1e-6): number[] {
  return values.map((v, k) => {
    values[k] = v + eps;
    const up = f();
    values[k] = v - eps;
    const down = f();
    values[k] = v;
    return (up - down) / (2 * eps);
  });
}

/** Rows of a flat row-major matrix. */
export function rows(data: ArrayLike<number>, nRows: number, nCols: number): number[][] {
  return Array.from({ length: nRows }, (_, r) => Array.from({ length: nCols }, (_, c) => data[r * nCols + c]!));
}
