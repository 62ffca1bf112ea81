/**
 * `MultiHeadAttention`: PyTorch's `nn.MultiheadAttention`, forward semantics of PyTorch 1.13's
 * `F.multi_head_attention_forward`, the same parameter names, shapes and initialisation.
 * @module
 */
import {
  causalMask,
  constant,
  Dropout,
  Linear,
  Module,
  ShapeError,
  ValueError,
  xavierNormal,
  xavierUniform,
  type Generator,
  type InitOptions,
  type Parameter,
} from '@seqlab/core';
import {
  cast,
  concat,
  div,
  mul,
  ones,
  reshape,
  slice,
  split,
  squeeze,
  sum,
  tidy,
  tile,
  transpose,
  zeros,
  expandDims,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { tidyObject } from './tidy-object.js';
import { addBias, mm } from '@seqlab/core';
import { maskedSoftmax } from './masked-softmax.js';
import { disposeMask, mergeMasks, splitMask, type SplitMask } from './masks.js';
import { checkMaskDtype, checkPositiveInt, checkProbability } from './validate.js';

/** Options of {@link MultiHeadAttention}, named after `nn.MultiheadAttention`'s arguments. */
export interface MultiHeadAttentionOptions extends InitOptions {
  /** Dropout on the attention weights in train mode (default 0). */
  dropout?: number;
  /** Biases on the input and output projections (default true). */
  bias?: boolean;
  /** Learned `bias_k` / `bias_v` appended to the keys and values (default false). */
  addBiasKV?: boolean;
  /** Append a zero key and value (default false). */
  addZeroAttn?: boolean;
  /** Key feature size (default `embedDim`). */
  kdim?: number;
  /** Value feature size (default `embedDim`). */
  vdim?: number;
  /** Inputs and output are `[N, L, E]` (true) or `[L, N, E]` (false, PyTorch's default). */
  batchFirst?: boolean;
  /** Random source for dropout masks. */
  dropoutRng?: Generator;
}

/** Per-call options of {@link MultiHeadAttention.forward}. */
export interface MultiHeadAttentionCallOptions {
  /**
   * `[N, S]` (or `[S]` unbatched). **PyTorch's convention, not seqlab's**: boolean `true` means
   * the key is padding and is IGNORED, as in `nn.MultiheadAttention`'s `key_padding_mask`
   * (kept so code and masks port unchanged). A float mask is added to the scores.
   * (seqlab's own masks, e.g. `lengthsToMask`, are `true` = real token: pass `logicalNot(mask)`.)
   */
  keyPaddingMask?: Tensor;
  /**
   * `[L, S]` or `[N·numHeads, L, S]` (`[numHeads, L, S]` unbatched). PyTorch's convention:
   * boolean `true` = NOT allowed to attend; a float mask is added to the scores.
   */
  attnMask?: Tensor;
  /**
   * Apply a causal mask (query `i` sees keys `j <= i`), combined with `attnMask` if both are
   * given. (PyTorch 2's `is_causal` is only a hint about `attnMask`; here it builds the mask.)
   */
  isCausal?: boolean;
  /** Return the attention weights (default true); `weights` is null when false. */
  needWeights?: boolean;
  /** Average the weights over heads -> `[N, L, S]` (default true), or per head `[N, H, L, S]`. */
  averageAttnWeights?: boolean;
}

/** What {@link MultiHeadAttention.forward} returns. */
export interface MultiHeadAttentionResult {
  /** `[N, L, E]` (batchFirst), `[L, N, E]`, or `[L, E]` unbatched. */
  output: Tensor;
  /**
   * `[N, L, S]` averaged over heads or `[N, H, L, S]` per head (the leading N dropped for
   * unbatched input); null when `needWeights` is false. As in PyTorch these are the weights that
   * multiplied the values, i.e. after dropout in train mode. S includes the extra key of
   * `addBiasKV` / `addZeroAttn`.
   */
  weights: Tensor | null;
}

/**
 * Multi-head attention with PyTorch `nn.MultiheadAttention` semantics and state dict:
 * `in_proj_weight [3E, E]` when `kdim == vdim == embedDim`, otherwise `q_proj_weight [E, E]`,
 * `k_proj_weight [E, kdim]`, `v_proj_weight [E, vdim]`; then `in_proj_bias [3E]`, `bias_k`,
 * `bias_v` `[1, 1, E]` (with `addBiasKV`), `out_proj.weight`, `out_proj.bias`. A PyTorch
 * `state_dict()` loads with no renaming.
 *
 * Initialisation as PyTorch: xavier_uniform input projections, zero `in_proj_bias` and
 * `out_proj.bias`, `out_proj.weight` as `nn.Linear` (U(±1/√E)), xavier_normal `bias_k`/`bias_v`.
 *
 * One deliberate difference: a query whose keys are all masked gets zero weights and a zero
 * attention output (then `out_proj.bias`), where PyTorch returns NaN.
 *
 * @example
 * ```ts
 * const mha = new MultiHeadAttention(16, 4, { batchFirst: true });
 * const x = tf.randomNormal([2, 5, 16]);
 * const { output, weights } = mha.forward(x, x, x, { isCausal: true }); // [2, 5, 16], [2, 5, 5]
 * ```
 */
export class MultiHeadAttention extends Module {
  readonly kdim: number;
  readonly vdim: number;
  readonly headDim: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly addZeroAttn: boolean;
  /** True when kdim == vdim == embedDim: one packed `in_proj_weight`. */
  readonly qkvSameEmbedDim: boolean;
  readonly inProjWeight: Parameter | null = null;
  readonly qProjWeight: Parameter | null = null;
  readonly kProjWeight: Parameter | null = null;
  readonly vProjWeight: Parameter | null = null;
  readonly inProjBias: Parameter | null = null;
  readonly biasK: Parameter | null = null;
  readonly biasV: Parameter | null = null;
  readonly outProj: Linear;
  private readonly dropoutLayer: Dropout;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    opts: MultiHeadAttentionOptions = {},
  ) {
    super();
    const ctx = 'MultiHeadAttention';
    checkPositiveInt('embedDim', embedDim, ctx);
    checkPositiveInt('numHeads', numHeads, ctx);
    if (embedDim % numHeads !== 0) {
      throw new ValueError(`${ctx}: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    }
    this.kdim = opts.kdim ?? embedDim;
    this.vdim = opts.vdim ?? embedDim;
    checkPositiveInt('kdim', this.kdim, ctx);
    checkPositiveInt('vdim', this.vdim, ctx);
    this.dropout = opts.dropout ?? 0;
    checkProbability('dropout', this.dropout, ctx);
    this.headDim = embedDim / numHeads;
    this.batchFirst = opts.batchFirst ?? false;
    this.addZeroAttn = opts.addZeroAttn ?? false;
    this.qkvSameEmbedDim = this.kdim === embedDim && this.vdim === embedDim;
    const init = opts.rng ? { rng: opts.rng } : {};
    const E = embedDim;
    // Registration order = PyTorch's state_dict order.
    if (this.qkvSameEmbedDim) {
      this.inProjWeight = this.addParameter('in_proj_weight', xavierUniform([3 * E, E], 1, init));
    } else {
      this.qProjWeight = this.addParameter('q_proj_weight', xavierUniform([E, E], 1, init));
      this.kProjWeight = this.addParameter('k_proj_weight', xavierUniform([E, this.kdim], 1, init));
      this.vProjWeight = this.addParameter('v_proj_weight', xavierUniform([E, this.vdim], 1, init));
    }
    const bias = opts.bias ?? true;
    if (bias) this.inProjBias = this.addParameter('in_proj_bias', constant([3 * E], 0));
    if (opts.addBiasKV) {
      this.biasK = this.addParameter('bias_k', xavierNormal([1, 1, E], 1, init));
      this.biasV = this.addParameter('bias_v', xavierNormal([1, 1, E], 1, init));
    }
    this.outProj = this.addModule('out_proj', new Linear(E, E, { ...init, bias }));
    // PyTorch's _reset_parameters zeroes out_proj.bias after Linear's own init.
    if (this.outProj.bias) this.outProj.bias.assign(constant([E], 0));
    this.dropoutLayer = this.addModule('dropout', new Dropout(this.dropout, opts.dropoutRng ? { rng: opts.dropoutRng } : {}));
  }

  /**
   * Attends from `query` to `key`/`value`. Batched inputs: `query [L, N, E]`, `key [S, N, kdim]`,
   * `value [S, N, vdim]` (or `[N, L, E]` ... with `batchFirst`); unbatched: `[L, E]`, `[S, kdim]`,
   * `[S, vdim]`. Passing the same tensor as query, key and value (self-attention) takes a fused
   * path with one input projection matmul.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiHeadAttentionCallOptions = {}): MultiHeadAttentionResult {
    const ctx = 'MultiHeadAttention';
    const E = this.embedDim;
    const H = this.numHeads;
    const batched = query.rank === 3;
    if (query.rank !== 3 && query.rank !== 2) throw new ShapeError('query', batched ? [null, null, E] : '[L, E] or a batched rank-3 shape', query.shape, ctx);
    if (query.shape[query.rank - 1] !== E) {
      throw new ShapeError('query', batched ? [null, null, E] : [null, E], query.shape, ctx);
    }
    const bAxis = this.batchFirst ? 0 : 1;
    const N = batched ? query.shape[bAxis]! : 1;
    const L = batched ? query.shape[1 - bAxis]! : query.shape[0]!;
    const seqShape = (d: number): (number | null)[] =>
      batched ? (this.batchFirst ? [N, null, d] : [null, N, d]) : [null, d];
    const checkKV = (arg: string, t: Tensor, d: number): number => {
      const want = seqShape(d);
      const ok = t.rank === want.length && want.every((w, i) => w === null || w === t.shape[i]);
      if (!ok) throw new ShapeError(arg, want, t.shape, ctx);
      return batched ? t.shape[1 - bAxis]! : t.shape[0]!;
    };
    const S0 = checkKV('key', key, this.kdim);
    const Sv = checkKV('value', value, this.vdim);
    if (Sv !== S0) throw new ShapeError('value', seqShape(this.vdim).map((d, i) => (d === null && i !== (batched ? bAxis : -1) ? S0 : d)), value.shape, ctx);
    const extra = (this.biasK ? 1 : 0) + (this.addZeroAttn ? 1 : 0);
    const S = S0 + extra;

    const kpm = opts.keyPaddingMask;
    if (kpm) {
      checkMaskDtype('keyPaddingMask', kpm, ctx);
      const want = batched ? [N, S0] : [S0];
      if (kpm.rank !== want.length || want.some((d, i) => kpm.shape[i] !== d)) throw new ShapeError('keyPaddingMask', want, kpm.shape, ctx);
    }
    const am = opts.attnMask;
    if (am) {
      checkMaskDtype('attnMask', am, ctx);
      const ok2 = am.rank === 2 && am.shape[0] === L && am.shape[1] === S0;
      const ok3 = am.rank === 3 && am.shape[0] === (batched ? N * H : H) && am.shape[1] === L && am.shape[2] === S0;
      if (!ok2 && !ok3) {
        throw new ShapeError('attnMask', `[${L}, ${S0}] or [${batched ? N * H : H}, ${L}, ${S0}]`, am.shape, ctx);
      }
    }
    const needWeights = opts.needWeights ?? true;
    const average = opts.averageAttnWeights ?? true;

    const mask = this.buildMask(N, L, S0, extra, kpm, am, opts.isCausal ?? false);
    try {
      return tidyObject(() => {
        // Everything below works batch-first: [N, L, E].
        const toBF = (t: Tensor): Tensor => (!batched ? expandDims(t, 0) : this.batchFirst ? t : transpose(t, [1, 0, 2]));
        const q0 = toBF(query);
        const selfAttn = query === key && key === value && this.qkvSameEmbedDim;
        const kvSame = key === value && this.qkvSameEmbedDim;
        let q: Tensor;
        let k: Tensor;
        let v: Tensor;
        if (selfAttn) {
          [q, k, v] = split(this.project(q0, this.inProjWeight!, this.inProjBias), 3, -1) as [Tensor, Tensor, Tensor];
        } else {
          q = this.project(q0, this.weightSlice(0, this.qProjWeight), this.biasSlice(0));
          if (kvSame) {
            const wkv = slice(this.inProjWeight!, [E, 0], [2 * E, E]);
            const bkv = this.inProjBias ? slice(this.inProjBias, [E], [2 * E]) : null;
            [k, v] = split(this.project(toBF(key), wkv, bkv), 2, -1) as [Tensor, Tensor];
          } else {
            k = this.project(toBF(key), this.weightSlice(1, this.kProjWeight), this.biasSlice(1));
            v = this.project(toBF(value), this.weightSlice(2, this.vProjWeight), this.biasSlice(2));
          }
        }
        if (this.biasK && this.biasV) {
          k = concat([k, tile(this.biasK, [N, 1, 1])], 1);
          v = concat([v, tile(this.biasV, [N, 1, 1])], 1);
        }
        const hd = this.headDim;
        // [N, T, E] -> [N·H, T, hd]; keys straight to [N·H, hd, T] (the same one transpose), so
        // that q kᵀ needs no transpose flag (slow on wasm, see matmul.ts).
        const heads = (t: Tensor, T: number): Tensor => reshape(transpose(reshape(t, [N, T, H, hd]), [0, 2, 1, 3]), [N * H, T, hd]);
        const Sk = S0 + (this.biasK ? 1 : 0);
        // PyTorch scales q before the matmul; same order here.
        const qh = mul(heads(q, L), 1 / Math.sqrt(hd));
        let khT = reshape(transpose(reshape(k, [N, Sk, H, hd]), [0, 2, 3, 1]), [N * H, hd, Sk]);
        let vh = heads(v, Sk);
        if (this.addZeroAttn) {
          khT = concat([khT, zeros([N * H, hd, 1])], 2);
          vh = concat([vh, zeros([N * H, 1, hd])], 1);
        }
        const scores = reshape(mm(qh, khT), [N, H, L, S]);
        let w = maskedSoftmax(scores, mask);
        if (this.training && this.dropout > 0) w = this.dropoutLayer.forward(w);
        const ctxt = mm(reshape(w, [N * H, L, S]), vh); // [N·H, L, hd]
        const merged = reshape(transpose(reshape(ctxt, [N, H, L, hd]), [0, 2, 1, 3]), [N * L, E]);
        const ob = this.outProj.bias;
        const o2 = mm(merged, transpose(this.outProj.weight));
        let out = reshape(ob ? addBias(o2, ob) : o2, [N, L, E]);
        out = !batched ? squeeze(out, [0]) : this.batchFirst ? out : transpose(out, [1, 0, 2]);
        let weights: Tensor | null = null;
        if (needWeights) {
          weights = average ? div(sum(w, 1), H) : w;
          if (!batched) weights = squeeze(weights, [0]);
        }
        return { output: out, weights };
      });
    } finally {
      disposeMask(mask);
    }
  }

  /**
   * `x [N, T, in] @ wᵀ + b` as one 2-D product. The weight is transposed explicitly (a small
   * copy): wasm's matMul with `transposeB` is ~10x slower (matmul.ts); then add, not fused
   * (the wasm fused-matMul pitfall), by core's `addBias`, whose bias gradient is a column sum
   * (tfjs's broadcasting add reduces with wasm's slow Sum: 22 ms for [2048, 768]).
   */
  private project(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
    const [n, t, d] = x.shape as [number, number, number];
    const y = mm(reshape(x, [n * t, d]), transpose(w));
    return reshape(b ? addBias(y, b) : y, [n, t, w.shape[0]!]);
  }

  private weightSlice(i: number, separate: Parameter | null): Tensor {
    if (separate) return separate;
    const E = this.embedDim;
    return slice(this.inProjWeight!, [i * E, 0], [E, E]);
  }

  private biasSlice(i: number): Tensor | null {
    if (!this.inProjBias) return null;
    const E = this.embedDim;
    return slice(this.inProjBias, [i * E], [E]);
  }

  /** All masks as one keep/additive pair broadcasting to the scores `[N, H, L, S]`. */
  private buildMask(
    N: number,
    L: number,
    S0: number,
    extra: number,
    kpm: Tensor | undefined,
    am: Tensor | undefined,
    isCausal: boolean,
  ): SplitMask {
    const H = this.numHeads;
    const parts: SplitMask[] = [];
    // The appended bias / zero keys are always attendable, as PyTorch pads masks with "allowed".
    const pad = (m: SplitMask): SplitMask =>
      tidyObject(() => {
        if (!extra) return m;
        const keepShape = m.keep ? [...m.keep.shape.slice(0, -1), extra] : null;
        const addShape = m.additive ? [...m.additive.shape.slice(0, -1), extra] : null;
        const keep = m.keep && keepShape ? concat([m.keep, cast(ones(keepShape), 'bool')], -1) : null;
        const additive = m.additive && addShape ? concat([m.additive, zeros(addShape)], -1) : null;
        disposeMask(m);
        return { keep, additive };
      });
    if (kpm) {
      parts.push(pad(tidyObject(() => {
        const sm = splitMask(kpm, 'true-masks');
        const r = (t: Tensor | null): Tensor | null => (t ? reshape(t, [N, 1, 1, S0]) : null);
        const out = { keep: r(sm.keep), additive: r(sm.additive) };
        return out;
      })));
    }
    if (am) {
      parts.push(pad(tidyObject(() => {
        const sm = splitMask(am, 'true-masks');
        const shape = am.rank === 2 ? [1, 1, L, S0] : [N, H, L, S0];
        const r = (t: Tensor | null): Tensor | null => (t ? reshape(t, shape) : null);
        return { keep: r(sm.keep), additive: r(sm.additive) };
      })));
    }
    if (isCausal) {
      parts.push(pad({ keep: tidy(() => reshape(causalMask(L, S0, 0), [1, 1, L, S0])), additive: null }));
    }
    return mergeMasks(parts);
  }
}
