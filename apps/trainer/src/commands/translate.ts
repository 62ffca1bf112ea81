import type { Seq2SeqModel } from '@seqlab/models';
import { get, parseFlags } from '../args.js';
import { activateBackend, BACKEND_CHOICES } from '../backend.js';
import { openBundle } from '../bundles.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { translateTexts } from '../tasks/seq2seq-decode.js';
import { inputTexts } from './inputs.js';

/** Flags of `seqlab translate`. */
export const TRANSLATE_FLAGS = {
  backend: { type: 'choice', choices: BACKEND_CHOICES, default: 'auto', help: 'tfjs backend' },
  beam: { type: 'int', min: 1, default: 1, help: 'beam width (1: greedy)' },
  'max-length': { type: 'int', min: 1, help: 'most output tokens (default: the model\'s maxLen)' },
  json: { type: 'boolean', default: false, help: 'one JSON object per line (source, output, tokens, attention)' },
} as const;

/** `seqlab translate <bundle> [text...]`: translates arguments or stdin lines. */
export async function runTranslate(argv: readonly string[], io: CliIo): Promise<number> {
  const { values: f, positionals } = parseFlags('translate', argv, TRANSLATE_FLAGS);
  const [dir, ...texts] = positionals;
  if (!dir) throw new UsageError('seqlab translate: missing <bundle> folder (usage: seqlab translate <bundle> [text...])');
  await activateBackend(get.str(f, 'backend')!);
  const b = await openBundle(dir, 'translate', ['translate']);
  try {
    const inputs = await inputTexts(texts, io);
    const maxLen = Number(b.config.architecture.maxLen ?? 64);
    const results = await translateTexts(b.model as unknown as Seq2SeqModel<unknown>, b.tokenizers.source!, b.tokenizers.target!, inputs, {
      beam: get.num(f, 'beam'),
      maxLength: get.optNum(f, 'max-length') ?? maxLen,
      maxSourceLength: maxLen,
    });
    for (const r of results) {
      io.out(get.bool(f, 'json') ? `${JSON.stringify({ source: r.source, output: r.output, sourceTokens: r.sourceTokens, outputTokens: r.outputTokens, logProb: r.logProb, attention: r.attention })}\n` : `${r.output}\n`);
    }
  } finally {
    b.model.dispose();
  }
  return 0;
}
