import { createInterface } from 'node:readline';

/**
 * Where the CLI reads and writes. The real process in `cli.ts`; tests pass collectors so the
 * command functions run in-process.
 */
export interface CliIo {
  /** Results (translations, JSON, tables). */
  out(text: string): void;
  /** Progress, logs and messages (stderr in the CLI, so `--json` output stays clean). */
  err(text: string): void;
  /** True when stderr is a terminal: progress redraws one line instead of printing lines. */
  isTTY: boolean;
  /** Input lines when a predict command has no text arguments (stdin in the CLI). */
  lines(): AsyncIterable<string>;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    lines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  };
}

/** An in-memory {@link CliIo} for tests: everything written is kept; `input` feeds `lines()`. */
export function memoryIo(input: string[] = []): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    isTTY: false,
    async *lines() {
      yield* input;
    },
  };
}
