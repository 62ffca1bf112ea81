/**
 * Raised for bad vocabulary input: unknown tokens with no `<unk>`, ids out of range, invalid JSON,
 * bad options. The message names the token, id, field or option and the expected vs actual value.
 */
export class VocabError extends Error {
  override readonly name = 'VocabError';
}
