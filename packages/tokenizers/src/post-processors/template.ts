import { Encoding } from '../encoding.js';
import { defaultProcess, type PostProcessor } from './post-processor.js';

/** One item of a template: a special token or a sequence, each with a type id. */
export type TemplatePiece = { specialToken: string; typeId: number } | { sequence: 'A' | 'B'; typeId: number };

/** A special token used by a template: its id string and the ids/tokens it expands to. */
export interface TemplateSpecialToken {
  id: string;
  ids: number[];
  tokens: string[];
}

/**
 * Parses HF's template string syntax: space-separated items, `$A`/`$B` (or `$`, `$0`, `$1`) for
 * the sequences, anything else a special token, each optionally `:typeId`.
 */
export function parseTemplate(template: string): TemplatePiece[] {
  return template
    .split(' ')
    .filter((p) => p.length > 0)
    .map((item) => {
      const m = /^(.*?)(?::(\d+))?$/.exec(item)!;
      const name = m[1]!;
      const typeId = m[2] === undefined ? 0 : Number(m[2]);
      if (name === '$' || name === '$A' || name === '$0') return { sequence: 'A' as const, typeId };
      if (name === '$B' || name === '$1') return { sequence: 'B' as const, typeId };
      if (name.startsWith('$')) throw new RangeError(`post_processor TemplateProcessing: unknown sequence ${JSON.stringify(name)} in template ${JSON.stringify(template)} (expected $A or $B)`);
      return { specialToken: name, typeId };
    });
}

/**
 * HF `TemplateProcessing`: e.g. single `[CLS] $A [SEP]`, pair `[CLS] $A [SEP] $B:1 [SEP]:1`, or
 * for seq2seq targets `<sos> $A <eos>`. Special tokens get offsets [0, 0] and mask 1.
 */
export class TemplateProcessing implements PostProcessor {
  readonly type = 'TemplateProcessing';
  readonly single: TemplatePiece[];
  readonly pair: TemplatePiece[];
  readonly specialTokens: Map<string, TemplateSpecialToken>;

  constructor(single: string | TemplatePiece[], pair: string | TemplatePiece[] | null, specialTokens: Array<[string, number]> | TemplateSpecialToken[]) {
    this.single = typeof single === 'string' ? parseTemplate(single) : single;
    this.pair = pair === null ? [...this.single, ...this.single.map((p) => ('sequence' in p ? { sequence: 'B' as const, typeId: 1 } : { ...p, typeId: 1 }))] : typeof pair === 'string' ? parseTemplate(pair) : pair;
    this.specialTokens = new Map();
    for (const st of specialTokens) {
      const s: TemplateSpecialToken = Array.isArray(st) ? { id: st[0], ids: [st[1]], tokens: [st[0]] } : st;
      if (s.ids.length !== s.tokens.length) throw new RangeError(`post_processor TemplateProcessing: special token ${JSON.stringify(s.id)} has ${s.ids.length} ids but ${s.tokens.length} tokens`);
      this.specialTokens.set(s.id, s);
    }
    for (const p of [...this.single, ...this.pair]) {
      if ('specialToken' in p && !this.specialTokens.has(p.specialToken)) {
        throw new RangeError(`post_processor TemplateProcessing: template uses special token ${JSON.stringify(p.specialToken)} missing from special_tokens`);
      }
    }
    if (!this.single.some((p) => 'sequence' in p && p.sequence === 'A')) throw new RangeError('post_processor TemplateProcessing: single template must contain $A');
  }

  addedTokens(isPair: boolean): number {
    let n = 0;
    for (const p of isPair ? this.pair : this.single) if ('specialToken' in p) n += this.specialTokens.get(p.specialToken)!.ids.length;
    return n;
  }

  process(encoding: Encoding, pair: Encoding | null, addSpecialTokens: boolean): Encoding {
    if (!addSpecialTokens) return defaultProcess(encoding, pair);
    return this.apply(pair === null ? this.single : this.pair, encoding, pair);
  }

  /**
   * Builds the result by merging the template's pieces left to right with HF's overflow rules
   * (see `Encoding.mergeWith`), so overflowing windows get the special tokens too.
   */
  private apply(template: TemplatePiece[], a: Encoding, b: Encoding | null): Encoding {
    const fast = this.applyCompact(template, a, b);
    if (fast !== null) return fast;
    let out: Encoding | null = null;
    for (const p of template) {
      let part: Encoding;
      if ('sequence' in p) {
        const src = p.sequence === 'A' ? a : b;
        if (src === null) continue;
        part = src.cloneShallow();
        part.setTypeIds(p.typeId);
        part.overflowing = src.overflowing;
      } else {
        const st = this.specialTokens.get(p.specialToken)!;
        const n = st.ids.length;
        part = new Encoding({
          ids: st.ids.slice(),
          tokens: st.tokens.slice(),
          offsets: st.ids.map(() => [0, 0] as [number, number]),
          typeIds: new Array<number>(n).fill(p.typeId),
          attentionMask: new Array<number>(n).fill(1),
          specialTokensMask: new Array<number>(n).fill(1),
          wordIds: new Array<number | null>(n).fill(null),
          sequenceIds: new Array<number | null>(n).fill(null),
        });
      }
      out = out === null ? part : out.mergeWith(part);
    }
    return out ?? new Encoding();
  }

  /**
   * Fast path without overflowing parts and with unmaterialised inputs: concatenates the compact
   * arrays directly, so no per-token objects are built until a field is read.
   */
  private applyCompact(template: TemplatePiece[], a: Encoding, b: Encoding | null): Encoding | null {
    const ca = a.compact();
    const cb = b === null ? null : b.compact();
    if (ca === null || (b !== null && cb === null) || a.overflowing.length > 0 || (b !== null && b.overflowing.length > 0)) return null;
    let n = 0;
    for (const p of template) {
      if ('sequence' in p) n += p.sequence === 'A' ? a.length : (b?.length ?? 0);
      else n += this.specialTokens.get(p.specialToken)!.ids.length;
    }
    const ids = new Array<number>(n);
    const offs = new Int32Array(2 * n);
    const words = new Int32Array(n);
    const typeIds = new Int32Array(n);
    const special = new Uint8Array(n);
    const seq = new Int32Array(n);
    const overrides = new Map<number, string>();
    let k = 0;
    for (const p of template) {
      if ('sequence' in p) {
        const src = p.sequence === 'A' ? a : b;
        const c = p.sequence === 'A' ? ca : cb;
        if (src === null || c === null) continue;
        const m = src.length;
        for (let i = 0; i < m; i++) ids[k + i] = src.ids[i]!;
        offs.set(c.offs.subarray(0, 2 * m), 2 * k);
        words.set(c.words.subarray(0, m), k);
        typeIds.fill(p.typeId, k, k + m);
        special.set(c.special.subarray(0, m), k);
        seq.set(c.seq.subarray(0, m), k);
        if (c.overrides !== null) for (const [i, t] of c.overrides) overrides.set(k + i, t);
        k += m;
      } else {
        const st = this.specialTokens.get(p.specialToken)!;
        for (let i = 0; i < st.ids.length; i++) {
          ids[k] = st.ids[i]!;
          overrides.set(k, st.tokens[i]!);
          words[k] = -1;
          typeIds[k] = p.typeId;
          special[k] = 1;
          seq[k] = -1;
          k++;
        }
      }
    }
    return Encoding.fromCompactParts(ids, { tokenOf: ca.tokenOf, overrides, offs, words, typeIds, special, seq });
  }

  toJSON(): Record<string, unknown> {
    const piece = (p: TemplatePiece): unknown => ('sequence' in p ? { Sequence: { id: p.sequence, type_id: p.typeId } } : { SpecialToken: { id: p.specialToken, type_id: p.typeId } });
    const st: Record<string, unknown> = {};
    for (const [k, v] of [...this.specialTokens].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) st[k] = { id: v.id, ids: v.ids, tokens: v.tokens };
    return { type: 'TemplateProcessing', single: this.single.map(piece), pair: this.pair.map(piece), special_tokens: st };
  }
}
