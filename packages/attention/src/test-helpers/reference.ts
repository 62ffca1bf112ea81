// Test-only: Bahdanau and Luong attention written as direct loops over plain JS numbers (float64),
// straight from the papers' formulas. The oracle for bahdanau-luong.backend.test.ts.

export type M = number[][]; // [out][in] like a PyTorch Linear weight
export type Seq = number[][][]; // [B][T][H]

const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const matvec = (w: M, x: number[]): number[] => w.map((row) => dot(row, x));

export interface RefParams {
  /** Bahdanau / concat: W_q [A][Hq], W_k [A][Hk], optional b_k [A], v [1][A]. */
  Wq?: M; Wk?: M; bk?: number[]; v?: M;
  /** general: W_a [Hq][Hk]. */
  Wa?: M;
  /** local-p: W_p [P][Hq], v_p [1][P]. */
  Wp?: M; vp?: M;
}

export interface RefOptions {
  score: 'additive' | 'dot' | 'general';
  mask?: boolean[][]; // [B][S], true = real key
  windowD?: number; // local-p
}

/** context [B][Tq][Hv], weights [B][Tq][S], positions [B][Tq] (local-p). */
export function reference(q: Seq, keys: Seq, values: Seq, p: RefParams, o: RefOptions): { context: Seq; weights: Seq; positions: number[][] } {
  const context: Seq = [];
  const weights: Seq = [];
  const positions: number[][] = [];
  for (let b = 0; b < keys.length; b++) {
    const S = keys[b]!.length;
    const real = (s: number): boolean => (o.mask ? o.mask[b]![s]! : true);
    context.push([]);
    weights.push([]);
    positions.push([]);
    for (let t = 0; t < q[b]!.length; t++) {
      const h = q[b]![t]!;
      const score: number[] = [];
      for (let s = 0; s < S; s++) {
        const k = keys[b]![s]!;
        if (o.score === 'dot') score.push(dot(h, k));
        else if (o.score === 'general') score.push(dot(h, matvec(p.Wa!, k)));
        else {
          const wq = matvec(p.Wq!, h);
          const wk = matvec(p.Wk!, k);
          const hidden = wq.map((x, i) => Math.tanh(x + wk[i]! + (p.bk ? p.bk[i]! : 0)));
          score.push(dot(p.v![0]!, hidden));
        }
      }
      // Local-p: p_t = S_real · sigmoid(v_pᵀ tanh(W_p h)); window |s - p_t| <= D; Gaussian σ = D/2.
      let pt = NaN;
      const allowed = (s: number): boolean => real(s) && (o.windowD === undefined || Math.abs(s - pt) <= o.windowD);
      if (o.windowD !== undefined) {
        const Sreal = Array.from({ length: S }, (_, s) => real(s)).filter(Boolean).length;
        const z = dot(p.vp![0]!, matvec(p.Wp!, h).map(Math.tanh));
        pt = Sreal / (1 + Math.exp(-z));
        positions[b]!.push(pt);
      }
      const idx = Array.from({ length: S }, (_, s) => s).filter(allowed);
      const mx = Math.max(...idx.map((s) => score[s]!));
      const denom = idx.reduce((acc, s) => acc + Math.exp(score[s]! - mx), 0);
      const w = Array.from({ length: S }, (_, s) => {
        if (!allowed(s)) return 0;
        const a = Math.exp(score[s]! - mx) / denom;
        if (o.windowD === undefined) return a;
        const sigma = o.windowD / 2;
        return a * Math.exp(-((s - pt) ** 2) / (2 * sigma * sigma));
      });
      weights[b]!.push(w);
      const Hv = values[b]![0]!.length;
      context[b]!.push(Array.from({ length: Hv }, (_, j) => w.reduce((acc, ws, s) => acc + ws * values[b]![s]![j]!, 0)));
    }
  }
  return { context, weights, positions };
}

/** Σ context·wc + Σ weights·ww: the scalar whose gradients are checked. */
export function referenceLoss(r: { context: Seq; weights: Seq }, wc: Seq, ww: Seq): number {
  let s = 0;
  r.context.forEach((cb, b) => cb.forEach((ct, t) => ct.forEach((x, j) => (s += x * wc[b]![t]![j]!))));
  r.weights.forEach((wb, b) => wb.forEach((wt, t) => wt.forEach((x, j) => (s += x * ww[b]![t]![j]!))));
  return s;
}

/** Central finite differences of `f` with respect to every entry of the nested array `x` (in place). */
export function finiteDiff(f: () => number, x: number[][] | number[][][], h = 1e-6): number[] {
  const out: number[] = [];
  const flat: [number[], number][] = [];
  const walk = (a: unknown): void => {
    if (Array.isArray(a) && typeof a[0] === 'number') (a as number[]).forEach((_, i) => flat.push([a as number[], i]));
    else (a as unknown[]).forEach(walk);
  };
  walk(x);
  for (const [row, i] of flat) {
    const x0 = row[i]!;
    row[i] = x0 + h;
    const fp = f();
    row[i] = x0 - h;
    const fm = f();
    row[i] = x0;
    out.push((fp - fm) / (2 * h));
  }
  return out;
}
