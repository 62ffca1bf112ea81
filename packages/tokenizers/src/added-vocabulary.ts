import { isWhitespace, isWordChar } from './utils/char-class.js';

/** An added token (HF `AddedToken`): matched in the raw text before the model runs. */
export interface AddedToken {
  /** The token text. */
  content: string;
  /** Special tokens are skipped by `decode(..., {skipSpecialTokens})` and flagged in the mask. */
  special: boolean;
  /** Only match as a whole word. */
  singleWord?: boolean;
  /** Also swallow whitespace on the left / right of the match. */
  lstrip?: boolean;
  rstrip?: boolean;
  /** Match on the normalised text instead of the original (default: `!special`). */
  normalized?: boolean;
}

/** A piece of input text: either plain text (`id` -1) or a matched added token. */
export interface AddedPiece {
  start: number;
  end: number;
  id: number;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The added-token table: ids and a matcher that finds added tokens leftmost-longest (HF uses
 * Aho-Corasick, LeftmostLongest), honouring `singleWord`, `lstrip` and `rstrip`.
 */
export class AddedVocabulary {
  readonly tokens: Array<AddedToken & { id: number }> = [];
  private readonly byContent = new Map<string, number>();
  private readonly byId = new Map<number, AddedToken & { id: number }>();
  private reRaw: RegExp | null = null;
  private reNorm: RegExp | null = null;

  /** Adds a token with a given id (replacing an earlier entry with the same content). */
  add(token: AddedToken, id: number): void {
    if (token.content.length === 0) throw new RangeError('added token: content must not be empty');
    const t = { ...token, id };
    const old = this.byContent.get(token.content);
    if (old !== undefined) {
      const i = this.tokens.findIndex((x) => x.content === token.content);
      this.tokens.splice(i, 1);
      this.byId.delete(old);
    }
    this.tokens.push(t);
    this.byContent.set(t.content, id);
    this.byId.set(id, t);
    this.reRaw = this.reNorm = null;
  }

  idOf(content: string): number | undefined {
    return this.byContent.get(content);
  }
  tokenOf(id: number): (AddedToken & { id: number }) | undefined {
    return this.byId.get(id);
  }
  isSpecialId(id: number): boolean {
    return this.byId.get(id)?.special === true;
  }
  /** True when some added token is matched on normalised text. */
  hasNormalized(): boolean {
    return this.tokens.some((t) => t.normalized ?? !t.special);
  }
  get size(): number {
    return this.tokens.length;
  }

  private regex(normalized: boolean): RegExp | null {
    const cached = normalized ? this.reNorm : this.reRaw;
    if (cached !== null) return cached;
    const list = this.tokens.filter((t) => (t.normalized ?? !t.special) === normalized).map((t) => t.content);
    if (list.length === 0) return null;
    list.sort((a, b) => b.length - a.length);
    const re = new RegExp(list.map(escapeRegex).join('|'), 'gu');
    if (normalized) this.reNorm = re;
    else this.reRaw = re;
    return re;
  }

  /**
   * Splits `text` into plain pieces and added-token pieces; `normalized` selects which added
   * tokens are looked for (those matched on raw text, or on normalised text).
   */
  split(text: string, normalized: boolean): AddedPiece[] {
    const re = this.regex(normalized);
    if (re === null || text.length === 0) return [{ start: 0, end: text.length, id: -1 }];
    const out: AddedPiece[] = [];
    let prev = 0;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const tok = this.byId.get(this.byContent.get(m[0])!)!;
      let a = m.index;
      let b = a + m[0].length;
      if (tok.singleWord === true) {
        const before = a > 0 ? text.codePointAt(a - 1)! : -1;
        const after = b < text.length ? text.codePointAt(b)! : -1;
        if ((before >= 0 && isWordChar(before) && isWordChar(text.codePointAt(a)!)) || (after >= 0 && isWordChar(after) && isWordChar(text.codePointAt(b - 1)!))) {
          re.lastIndex = a + 1;
          continue;
        }
      }
      if (tok.lstrip === true) while (a > prev && isWhitespace(text.charCodeAt(a - 1))) a--;
      if (tok.rstrip === true) while (b < text.length && isWhitespace(text.charCodeAt(b))) b++;
      if (a > prev) out.push({ start: prev, end: a, id: -1 });
      out.push({ start: a, end: b, id: tok.id });
      prev = b;
      re.lastIndex = b;
    }
    if (prev < text.length) out.push({ start: prev, end: text.length, id: -1 });
    return out;
  }
}
