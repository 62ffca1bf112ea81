export { SafetensorsError, type SafetensorsErrorReason } from './errors.js';
export { halfToFloat, SAFETENSORS_DTYPES, type DtypeInfo } from './dtypes.js';
export {
  MAX_HEADER_BYTES,
  parseSafetensors,
  parseSafetensorsHeader,
  type SafetensorsEntry,
  type SafetensorsFile,
  type SafetensorsHeader,
} from './read.js';
export { serializeSafetensors } from './write.js';
