import * as N from '@seqlab/normalize';
import { Fields, TokenizerConfigError } from '../utils/errors.js';
import { ByteLevelNormalizer } from './byte-level.js';

/**
 * A normaliser stage of the pipeline: an `@seqlab/normalize` normaliser plus its HF
 * tokenizer.json form (kept verbatim so that writing the file gives back what was read).
 */
export interface TokenizerNormalizer {
  /** The normaliser doing the work (offset-tracking `normalizeString`). */
  readonly normalizer: N.Normalizer;
  /** The HF tokenizer.json object. */
  toJSON(): Record<string, unknown>;
  /**
   * Optional shortcut: when it returns a string, that is the normalised text AND it aligns
   * one-to-one with the input (same length, unit i from unit i), so offsets need no table.
   * Returns null when the general path is needed.
   */
  readonly oneToOne?: (text: string) => string | null;
}

/** Wraps an `@seqlab/normalize` normaliser with its HF JSON form. */
export function tokenizerNormalizer(
  normalizer: N.Normalizer,
  json: Record<string, unknown>,
  oneToOne?: (text: string) => string | null,
): TokenizerNormalizer {
  return oneToOne === undefined ? { normalizer, toJSON: () => json } : { normalizer, toJSON: () => json, oneToOne };
}

// ASCII text with no control characters other than TAB, LF, CR.
const PLAIN_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/**
 * The BERT normaliser on plain ASCII is one-to-one: clean_text maps TAB/LF/CR to a space, there
 * are no accents, no CJK, and lowercasing keeps the length. Skipping the general offset-tracking
 * path there is what makes WordPiece encoding fast on ASCII-heavy text.
 */
function bertAsciiShortcut(lowercase: boolean, cleanText: boolean): (text: string) => string | null {
  return (text) => {
    if (!PLAIN_ASCII.test(text)) return null;
    let t = cleanText ? text.replace(/[\t\n\r]/g, ' ') : text;
    if (lowercase) t = t.toLowerCase();
    return t;
  };
}

/**
 * Builds the pipeline normaliser from an HF tokenizer.json `normalizer` object. Supported types:
 * every type HF serialises: BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Strip,
 * Replace, Prepend, Nmt, Precompiled, ByteLevel, Sequence. Others throw an error naming the type.
 */
export function normalizerFromJSON(value: unknown, path = 'normalizer'): TokenizerNormalizer {
  const f = Fields.of(path, value);
  const type = f.string('type');
  const comp = `${path} ${type}`;
  const g = new Fields(comp, f.obj);
  const json = f.obj;
  switch (type) {
    case 'BertNormalizer': {
      const opts: N.BertOptions = {
        cleanText: g.bool('clean_text', true),
        handleChineseChars: g.bool('handle_chinese_chars', true),
        lowercase: g.bool('lowercase', true),
      };
      if (g.has('strip_accents')) opts.stripAccents = g.bool('strip_accents');
      return tokenizerNormalizer(N.bert(opts), json, bertAsciiShortcut(opts.lowercase ?? true, opts.cleanText ?? true));
    }
    case 'NFC':
      return tokenizerNormalizer(N.nfc(), json);
    case 'NFD':
      return tokenizerNormalizer(N.nfd(), json);
    case 'NFKC':
      return tokenizerNormalizer(N.nfkc(), json);
    case 'NFKD':
      return tokenizerNormalizer(N.nfkd(), json);
    case 'Lowercase':
      return tokenizerNormalizer(N.lowercase(), json);
    case 'StripAccents':
      // HF's StripAccents drops every combining mark (Mn, Mc, Me).
      return tokenizerNormalizer(N.stripAccents({ marks: 'all' }), json);
    case 'Strip':
      return tokenizerNormalizer(N.strip({ left: g.bool('strip_left', true), right: g.bool('strip_right', true) }), json);
    case 'Replace': {
      const pat = Fields.of(`${comp}.pattern`, g.raw('pattern'));
      const content = g.string('content');
      if (pat.has('String')) return tokenizerNormalizer(N.replace(pat.string('String'), content), json);
      if (pat.has('Regex')) {
        let re: RegExp;
        try {
          re = new RegExp(pat.string('Regex'), 'gu');
        } catch {
          throw new TokenizerConfigError(`${comp}.pattern`, 'Regex', 'a JS-compatible regex', pat.raw('Regex'));
        }
        return tokenizerNormalizer(N.replace(re, content), json);
      }
      return pat.fail('String', 'a String or Regex pattern');
    }
    case 'Prepend':
      return tokenizerNormalizer(N.prepend(g.string('prepend')), json);
    case 'Nmt':
      return tokenizerNormalizer(N.nmt(), json);
    case 'ByteLevel':
      return tokenizerNormalizer(new ByteLevelNormalizer(), json);
    case 'Precompiled': {
      const text = g.string('precompiled_charsmap');
      try {
        return tokenizerNormalizer(N.precompiled(N.Charsmap.fromBase64(text)), json);
      } catch (e) {
        throw new TokenizerConfigError(comp, 'precompiled_charsmap', `a base64 SentencePiece charsmap (${(e as Error).message})`, text);
      }
    }
    case 'Sequence': {
      const items = g.array('normalizers').map((n, i) => normalizerFromJSON(n, `${path}.normalizers[${i}]`));
      return tokenizerNormalizer(N.sequence(items.map((i) => i.normalizer)), json);
    }
    default:
      throw new TokenizerConfigError(path, 'type', 'a supported normalizer type (BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Strip, Replace, Prepend, Nmt, Precompiled, ByteLevel, Sequence)', type);
  }
}
