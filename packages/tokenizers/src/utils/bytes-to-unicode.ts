/**
 * GPT-2's reversible byte <-> printable character table (`bytes_to_unicode` in openai/gpt-2
 * encoder.py): printable Latin-1 bytes map to themselves, the other 68 bytes to U+0100 onwards,
 * so that every byte sequence is a string of visible characters (space becomes 'Ġ').
 */
function build(): { byteToChar: string[]; charToByte: Map<string, number> } {
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = bs.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n++;
    }
  }
  const byteToChar: string[] = new Array<string>(256);
  const charToByte = new Map<string, number>();
  for (let i = 0; i < bs.length; i++) {
    const ch = String.fromCharCode(cs[i]!);
    byteToChar[bs[i]!] = ch;
    charToByte.set(ch, bs[i]!);
  }
  return { byteToChar, charToByte };
}

const TABLE = build();

/** Character used for byte `b` (0..255). */
export const BYTE_TO_CHAR: readonly string[] = TABLE.byteToChar;
/** Inverse of {@link BYTE_TO_CHAR}. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = TABLE.charToByte;

/** The 256 byte-level characters in byte order (HF's `ByteLevel.alphabet()` as a set). */
export function byteLevelAlphabet(): string[] {
  return BYTE_TO_CHAR.slice();
}
