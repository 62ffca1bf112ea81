/** Why a safetensors buffer was rejected. */
export type SafetensorsErrorReason =
  | 'header-too-small'
  | 'header-too-large'
  | 'header-out-of-bounds'
  | 'invalid-utf8'
  | 'invalid-json'
  | 'invalid-header'
  | 'unknown-dtype'
  | 'invalid-shape'
  | 'invalid-offsets'
  | 'size-mismatch'
  | 'overlap'
  | 'out-of-bounds'
  | 'incomplete-buffer'
  | 'unsupported-value'
  | 'invalid-tensor';

/**
 * A safetensors buffer is malformed or cannot be represented. `reason` is a stable code;
 * `tensor` names the offending entry where there is one.
 */
export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
  constructor(
    readonly reason: SafetensorsErrorReason,
    message: string,
    readonly tensor?: string,
  ) {
    super(`safetensors: ${reason}${tensor !== undefined ? ` (tensor '${tensor}')` : ''}: ${message}`);
  }
}
