import type { AddedToken } from '../added-vocabulary.js';
import { normalizerFromJSON } from '../normalizers/from-json.js';
import type { PaddingOptions } from '../padding.js';
import { Tokenizer } from '../tokenizer.js';
import type { TruncationOptions } from '../truncation.js';
import { Fields, TokenizerConfigError } from '../utils/errors.js';
import { decoderFromJSON } from './decoder-json.js';
import { modelFromJSON } from './model-json.js';
import { postProcessorFromJSON } from './post-processor-json.js';
import { preTokenizerFromJSON } from './pre-tokenizer-json.js';

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Reads an HF tokenizer.json (string or parsed object) into a {@link Tokenizer}. */
export function tokenizerFromJSON(input: string | Record<string, unknown>): Tokenizer {
  let obj: unknown = input;
  if (typeof input === 'string') {
    try {
      obj = JSON.parse(input);
    } catch (e) {
      throw new TokenizerConfigError('tokenizer.json', '(file)', 'valid JSON', `parse error: ${(e as Error).message}`);
    }
  }
  const f = Fields.of('tokenizer.json', obj);
  if (!f.has('model')) f.fail('model', 'a model object');
  const tok = new Tokenizer(modelFromJSON(f.raw('model')));
  if (present(f.raw('normalizer'))) tok.normalizer = normalizerFromJSON(f.raw('normalizer'));
  if (present(f.raw('pre_tokenizer'))) tok.preTokenizer = preTokenizerFromJSON(f.raw('pre_tokenizer'));
  if (present(f.raw('post_processor'))) tok.postProcessor = postProcessorFromJSON(f.raw('post_processor'));
  if (present(f.raw('decoder'))) tok.decoder = decoderFromJSON(f.raw('decoder'));
  if (present(f.raw('added_tokens'))) {
    f.array('added_tokens').forEach((t, i) => {
      const a = Fields.of(`tokenizer.json added_tokens[${i}]`, t);
      const token: AddedToken = {
        content: a.string('content'),
        special: a.bool('special', false),
        singleWord: a.bool('single_word', false),
        lstrip: a.bool('lstrip', false),
        rstrip: a.bool('rstrip', false),
        normalized: a.bool('normalized', !a.bool('special', false)),
      };
      tok.addedVocabulary.add(token, a.int('id'));
    });
  }
  if (present(f.raw('truncation'))) {
    const t = Fields.of('tokenizer.json truncation', f.raw('truncation'));
    const opts: TruncationOptions = {
      maxLength: t.int('max_length'),
      stride: t.has('stride') ? t.int('stride') : 0,
      strategy: ({ LongestFirst: 'longest_first', OnlyFirst: 'only_first', OnlySecond: 'only_second' } as const)[t.oneOf('strategy', ['LongestFirst', 'OnlyFirst', 'OnlySecond'], 'LongestFirst')],
      direction: t.oneOf('direction', ['Right', 'Left'], 'Right') === 'Right' ? 'right' : 'left',
    };
    tok.setTruncation(opts);
  }
  if (present(f.raw('padding'))) {
    const p = Fields.of('tokenizer.json padding', f.raw('padding'));
    const strat = p.raw('strategy');
    let length: number | null = null;
    if (strat !== 'BatchLongest') {
      const s = Fields.of('tokenizer.json padding.strategy', strat);
      length = s.int('Fixed');
    }
    const opts: PaddingOptions = {
      length,
      padToMultipleOf: p.has('pad_to_multiple_of') ? p.int('pad_to_multiple_of') : null,
      direction: p.oneOf('direction', ['Right', 'Left'], 'Right') === 'Right' ? 'right' : 'left',
      padId: p.has('pad_id') ? p.int('pad_id') : 0,
      padTypeId: p.has('pad_type_id') ? p.int('pad_type_id') : 0,
      padToken: p.has('pad_token') ? p.string('pad_token') : '[PAD]',
    };
    tok.setPadding(opts);
  }
  return tok;
}

/** Writes a {@link Tokenizer} as an HF tokenizer.json object. */
export function tokenizerToJSON(tok: Tokenizer): Record<string, unknown> {
  const t = tok.truncation;
  const p = tok.padding;
  return {
    version: '1.0',
    truncation:
      t === null
        ? null
        : {
            direction: t.direction === 'left' ? 'Left' : 'Right',
            max_length: t.maxLength,
            strategy: { longest_first: 'LongestFirst', only_first: 'OnlyFirst', only_second: 'OnlySecond' }[t.strategy ?? 'longest_first'],
            stride: t.stride ?? 0,
          },
    padding:
      p === null
        ? null
        : {
            strategy: p.length === null || p.length === undefined ? 'BatchLongest' : { Fixed: p.length },
            direction: p.direction === 'left' ? 'Left' : 'Right',
            pad_to_multiple_of: p.padToMultipleOf ?? null,
            pad_id: p.padId ?? 0,
            pad_type_id: p.padTypeId ?? 0,
            pad_token: p.padToken ?? '[PAD]',
          },
    added_tokens: [...tok.addedVocabulary.tokens]
      .sort((a, b) => a.id - b.id)
      .map((a) => ({
        id: a.id,
        content: a.content,
        single_word: a.singleWord ?? false,
        lstrip: a.lstrip ?? false,
        rstrip: a.rstrip ?? false,
        normalized: a.normalized ?? !a.special,
        special: a.special,
      })),
    normalizer: tok.normalizer?.toJSON() ?? null,
    pre_tokenizer: tok.preTokenizer?.toJSON() ?? null,
    post_processor: tok.postProcessor?.toJSON() ?? null,
    decoder: tok.decoder?.toJSON() ?? null,
    model: tok.model.toJSON(),
  };
}
