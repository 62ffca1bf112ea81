// Test support: locates Unicode Character Database files installed by Debian's unicode-data package.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Bunzip from 'seek-bzip';

/** Where Debian's unicode-data installs the UCD; UNICODE_DATA_DIR overrides it. */
export const UNICODE_DIR = process.env['UNICODE_DATA_DIR'] ?? '/usr/share/unicode';

/**
 * Reads `name` from the UCD directory, or `name.bz2` decompressed (Debian ships the big test files
 * compressed). Fails with a message saying what to install.
 */
export function readUnicodeFile(name: string): string {
  const plain = join(UNICODE_DIR, name);
  if (existsSync(plain)) return readFileSync(plain, 'utf8');
  const bz2 = `${plain}.bz2`;
  if (existsSync(bz2)) return new TextDecoder().decode(Bunzip.decode(readFileSync(bz2)));
  throw new Error(
    `${name} not found in ${UNICODE_DIR} (nor ${name}.bz2): install Debian package unicode-data ` +
      `(apt-get install unicode-data), or set UNICODE_DATA_DIR to a directory holding the UCD files`,
  );
}

/** Parses a space-separated list of hex code points. */
export function hexToString(field: string): string {
  const f = field.trim();
  return f === '' ? '' : String.fromCodePoint(...f.split(/\s+/).map((h) => parseInt(h, 16)));
}
