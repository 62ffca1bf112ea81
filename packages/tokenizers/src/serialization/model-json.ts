import { BPE, type Merge } from '../models/bpe.js';
import type { Model } from '../models/model.js';
import { Unigram } from '../models/unigram.js';
import { WordLevel } from '../models/wordlevel.js';
import { WordPiece } from '../models/wordpiece.js';
import { Fields, TokenizerConfigError } from '../utils/errors.js';

function vocabObject(g: Fields): Record<string, number> {
  const v = g.object('vocab');
  for (const [k, id] of Object.entries(v)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new TokenizerConfigError(g.component, `vocab["${k}"]`, 'a non-negative integer id', id);
    }
  }
  return v as Record<string, number>;
}

/** Infers the model type of an untyped model object, as HF's untagged deserializer does. */
function inferType(f: Fields): string {
  if (f.has('merges')) return 'BPE';
  if (Array.isArray(f.raw('vocab'))) return 'Unigram';
  if (f.has('max_input_chars_per_word') || f.has('continuing_subword_prefix')) return 'WordPiece';
  return 'WordLevel';
}

/** Builds a model from its HF tokenizer.json object; errors name the type and field. */
export function modelFromJSON(value: unknown, path = 'model'): Model {
  const f = Fields.of(path, value);
  const type = f.has('type') ? f.string('type') : inferType(f);
  const g = new Fields(`${path} ${type}`, f.obj);
  switch (type) {
    case 'BPE': {
      const merges = g.array('merges').map((m, i): Merge | string => {
        if (typeof m === 'string') return m;
        if (Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string') return [m[0], m[1]];
        throw new TokenizerConfigError(g.component, `merges[${i}]`, '"a b" or ["a", "b"]', m);
      });
      const dropout = g.optNumber('dropout');
      return new BPE(vocabObject(g), merges, {
        dropout,
        unkToken: g.optString('unk_token'),
        continuingSubwordPrefix: g.optString('continuing_subword_prefix'),
        endOfWordSuffix: g.optString('end_of_word_suffix'),
        fuseUnk: g.bool('fuse_unk', false),
        byteFallback: g.bool('byte_fallback', false),
        ignoreMerges: g.bool('ignore_merges', false),
      });
    }
    case 'WordPiece':
      return new WordPiece(vocabObject(g), {
        unkToken: g.has('unk_token') ? g.string('unk_token') : '[UNK]',
        continuingSubwordPrefix: g.has('continuing_subword_prefix') ? g.string('continuing_subword_prefix') : '##',
        maxInputCharsPerWord: g.has('max_input_chars_per_word') ? g.int('max_input_chars_per_word') : 100,
      });
    case 'WordLevel':
      return new WordLevel(vocabObject(g), g.has('unk_token') ? g.string('unk_token') : '<unk>');
    case 'Unigram': {
      const vocab = g.array('vocab').map((e, i): [string, number] => {
        if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'number') {
          throw new TokenizerConfigError(g.component, `vocab[${i}]`, '[piece, score]', e);
        }
        return [e[0], e[1]];
      });
      return new Unigram(vocab, g.has('unk_id') ? g.int('unk_id') : null, g.bool('byte_fallback', false));
    }
    default:
      throw new TokenizerConfigError(path, 'type', 'one of BPE, WordPiece, WordLevel, Unigram', type);
  }
}
