import { behaviorFromJson, type SplitBehavior } from '../split.js';
import { BertPreTokenizer } from '../pre-tokenizers/bert.js';
import { ByteLevelPreTokenizer } from '../pre-tokenizers/byte-level.js';
import { DigitsPreTokenizer } from '../pre-tokenizers/digits.js';
import { MetaspacePreTokenizer, type PrependScheme } from '../pre-tokenizers/metaspace.js';
import type { PreTokenizer } from '../pre-tokenizers/pre-tokenizer.js';
import { PunctuationPreTokenizer } from '../pre-tokenizers/punctuation.js';
import { SequencePreTokenizer } from '../pre-tokenizers/sequence.js';
import { CharDelimiterSplitPreTokenizer, SplitPreTokenizer } from '../pre-tokenizers/split.js';
import { WhitespacePreTokenizer } from '../pre-tokenizers/whitespace.js';
import { WhitespaceSplitPreTokenizer } from '../pre-tokenizers/whitespace-split.js';
import { FixedLengthPreTokenizer } from '../pre-tokenizers/fixed-length.js';
import { UnicodeScriptsPreTokenizer } from '../pre-tokenizers/unicode-scripts.js';
import { Fields, TokenizerConfigError } from '../utils/errors.js';

const TYPES = ['ByteLevel', 'BertPreTokenizer', 'Whitespace', 'WhitespaceSplit', 'Punctuation', 'Digits', 'Metaspace', 'Split', 'CharDelimiterSplit', 'UnicodeScripts', 'FixedLength', 'Sequence'];

function behavior(g: Fields, field: string, dflt?: SplitBehavior): SplitBehavior {
  if (!g.has(field) && dflt !== undefined) return dflt;
  const b = behaviorFromJson(g.string(field));
  if (b === null) g.fail(field, 'one of "Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"');
  return b;
}

/** Builds a pre-tokenizer from its HF tokenizer.json object; errors name the type and field. */
export function preTokenizerFromJSON(value: unknown, path = 'pre_tokenizer'): PreTokenizer {
  const f = Fields.of(path, value);
  const type = f.string('type');
  const g = new Fields(`${path} ${type}`, f.obj);
  switch (type) {
    case 'ByteLevel':
      return new ByteLevelPreTokenizer({ addPrefixSpace: g.bool('add_prefix_space', true), useRegex: g.bool('use_regex', true), trimOffsets: g.bool('trim_offsets', true) });
    case 'BertPreTokenizer':
      return new BertPreTokenizer();
    case 'Whitespace':
      return new WhitespacePreTokenizer();
    case 'WhitespaceSplit':
      return new WhitespaceSplitPreTokenizer();
    case 'Punctuation':
      return new PunctuationPreTokenizer(behavior(g, 'behavior', 'isolated'));
    case 'Digits':
      return new DigitsPreTokenizer(g.bool('individual_digits', false));
    case 'Metaspace': {
      let scheme: PrependScheme;
      if (g.has('prepend_scheme')) scheme = g.oneOf('prepend_scheme', ['always', 'first', 'never']);
      else scheme = g.bool('add_prefix_space', true) ? 'always' : 'never';
      return new MetaspacePreTokenizer(g.string('replacement'), scheme, g.bool('split', true));
    }
    case 'Split': {
      const p = Fields.of(`${path} Split.pattern`, g.raw('pattern'));
      const pattern = p.has('String') ? { string: p.string('String') } : p.has('Regex') ? { regex: p.string('Regex') } : p.fail('String', 'a String or Regex pattern');
      return new SplitPreTokenizer(pattern, behavior(g, 'behavior'), g.bool('invert', false));
    }
    case 'CharDelimiterSplit':
      return new CharDelimiterSplitPreTokenizer(g.string('delimiter'));
    case 'UnicodeScripts':
      return new UnicodeScriptsPreTokenizer();
    case 'FixedLength': {
      const length = g.has('length') ? g.int('length') : 5;
      if (length < 1) g.fail('length', 'a positive integer');
      return new FixedLengthPreTokenizer(length);
    }
    case 'Sequence':
      return new SequencePreTokenizer(g.array('pretokenizers').map((p, i) => preTokenizerFromJSON(p, `${path}.pretokenizers[${i}]`)));
    default:
      throw new TokenizerConfigError(path, 'type', `one of ${TYPES.join(', ')}`, type);
  }
}
