import type { CliIo } from '../io.js';

/** The texts to run: the positional arguments, or else every non-empty stdin line. */
export async function inputTexts(args: readonly string[], io: CliIo): Promise<string[]> {
  if (args.length) return [...args];
  const out: string[] = [];
  for await (const line of io.lines()) if (line.trim() !== '') out.push(line.trim());
  return out;
}
