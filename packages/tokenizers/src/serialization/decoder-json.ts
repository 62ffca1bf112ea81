import { BPEDecoder } from '../decoders/bpe.js';
import { CTCDecoder } from '../decoders/ctc.js';
import { ByteFallbackDecoder } from '../decoders/byte-fallback.js';
import { FuseDecoder } from '../decoders/fuse.js';
import { ReplaceDecoder } from '../decoders/replace.js';
import { StripDecoder } from '../decoders/strip.js';
import { ByteLevelDecoder } from '../decoders/byte-level.js';
import type { Decoder } from '../decoders/decoder.js';
import { MetaspaceDecoder } from '../decoders/metaspace.js';
import { SequenceDecoder } from '../decoders/sequence.js';
import { WordPieceDecoder } from '../decoders/wordpiece.js';
import type { PrependScheme } from '../pre-tokenizers/metaspace.js';
import { Fields, TokenizerConfigError } from '../utils/errors.js';

const TYPES = ['ByteLevel', 'WordPiece', 'Metaspace', 'BPEDecoder', 'ByteFallback', 'Fuse', 'Replace', 'Strip', 'CTC', 'Sequence'];

/** Builds a decoder from its HF tokenizer.json object; errors name the type and field. */
export function decoderFromJSON(value: unknown, path = 'decoder'): Decoder {
  const f = Fields.of(path, value);
  const type = f.string('type');
  const g = new Fields(`${path} ${type}`, f.obj);
  switch (type) {
    case 'ByteLevel':
      return new ByteLevelDecoder();
    case 'WordPiece':
      return new WordPieceDecoder(g.has('prefix') ? g.string('prefix') : '##', g.bool('cleanup', true));
    case 'Metaspace': {
      let scheme: PrependScheme;
      if (g.has('prepend_scheme')) scheme = g.oneOf('prepend_scheme', ['always', 'first', 'never']);
      else scheme = g.bool('add_prefix_space', true) ? 'always' : 'never';
      return new MetaspaceDecoder(g.string('replacement'), scheme, g.bool('split', true));
    }
    case 'BPEDecoder':
      return new BPEDecoder(g.has('suffix') ? g.string('suffix') : '</w>');
    case 'ByteFallback':
      return new ByteFallbackDecoder();
    case 'Fuse':
      return new FuseDecoder();
    case 'Replace': {
      const p = Fields.of(`${path} Replace.pattern`, g.raw('pattern'));
      if (!p.has('String')) p.fail('String', 'a String pattern (Regex patterns are not supported by this decoder)');
      return new ReplaceDecoder(p.string('String'), g.string('content'));
    }
    case 'Strip':
      return new StripDecoder(g.string('content'), g.int('start'), g.int('stop'));
    case 'CTC':
      return new CTCDecoder(g.has('pad_token') ? g.string('pad_token') : '<pad>', g.has('word_delimiter_token') ? g.string('word_delimiter_token') : '|', g.bool('cleanup', true));
    case 'Sequence':
      return new SequenceDecoder(g.array('decoders').map((d, i) => decoderFromJSON(d, `${path}.decoders[${i}]`)));
    default:
      throw new TokenizerConfigError(path, 'type', `one of ${TYPES.join(', ')}`, type);
  }
}
