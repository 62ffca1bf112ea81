/**
 * Tokenizers of a loaded bundle: HF tokenizer.json documents turned into @seqlab/tokenizers
 * objects, and the special ids the decoders need, found by their usual spellings.
 * @module
 */
import type { LoadedBundle } from '@seqlab/models';
import { Tokenizer } from '@seqlab/tokenizers';

/** Spellings of the special tokens, as the demo bundles, `seqlab train` and HF models write them. */
const SPELLINGS = {
  pad: ['<pad>', '[PAD]', '<PAD>'],
  bos: ['<bos>', '<s>', '[BOS]', '<BOS>', '<sos>', '<SOS>'],
  eos: ['<eos>', '</s>', '[EOS]', '<EOS>'],
} as const;

/** Special ids of a tokenizer. */
export interface SpecialIds {
  pad: number;
  bos: number;
  eos: number;
}

/**
 * The tokenizer of `role` in a bundle.
 * @throws Error naming the role and the roles the bundle has, when it is missing.
 */
export function bundleTokenizer(bundle: LoadedBundle, role: string): Tokenizer {
  const json = bundle.tokenizers[role];
  if (!json) throw new Error(`the bundle has no "${role}" tokenizer (config.json tokenizers has: ${Object.keys(bundle.tokenizers).join(', ') || 'none'})`);
  return Tokenizer.fromJSON(json as Record<string, unknown>);
}

/**
 * The pad / BOS / EOS ids of `tok`.
 * @throws Error naming the missing token and the spellings looked for.
 */
export function specialIds(tok: Tokenizer): SpecialIds {
  const find = (kind: keyof typeof SPELLINGS): number => {
    for (const s of SPELLINGS[kind]) {
      const id = tok.tokenToId(s);
      if (id !== undefined) return id;
    }
    throw new Error(`the tokenizer has no ${kind} token (looked for ${SPELLINGS[kind].join(', ')})`);
  };
  return { pad: find('pad'), bos: find('bos'), eos: find('eos') };
}
