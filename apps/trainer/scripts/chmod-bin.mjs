// tsc keeps the shebang of src/cli.ts but not the executable bit: set it so `seqlab` runs directly.
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
