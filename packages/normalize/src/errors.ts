/**
 * Raised for bad arguments to a normaliser or a {@link NormalizedString} method. The message names
 * the argument and gives the expected and actual values.
 */
export class NormalizeError extends Error {
  override readonly name = 'NormalizeError';
}
