import { BundleError } from './errors.js';

/**
 * The vocabulary size of an HF `tokenizer.json`: one past the largest id of its model vocabulary
 * (object for BPE / WordPiece / WordLevel, `[piece, score]` list for Unigram) and its added tokens.
 */
export function tokenizerVocabSize(json: unknown, file: string): number {
  if (typeof json !== 'object' || json === null) throw new BundleError('must be a JSON object (HF tokenizer.json)', file);
  const t = json as { model?: { vocab?: unknown }; added_tokens?: unknown };
  const vocab = t.model?.vocab;
  let maxId = -1;
  if (Array.isArray(vocab)) maxId = vocab.length - 1;
  else if (typeof vocab === 'object' && vocab !== null) {
    for (const id of Object.values(vocab as Record<string, unknown>)) {
      if (!Number.isInteger(id)) throw new BundleError(`model.vocab has a non-integer id ${JSON.stringify(id)}`, file);
      maxId = Math.max(maxId, id as number);
    }
  } else throw new BundleError('model.vocab is missing', file);
  if (Array.isArray(t.added_tokens)) {
    for (const a of t.added_tokens as { id?: unknown }[]) if (Number.isInteger(a.id)) maxId = Math.max(maxId, a.id as number);
  }
  return maxId + 1;
}
