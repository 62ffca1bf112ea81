import { resolved, type PreTokenizer } from './pre-tokenizer.js';
import { subSplit, type Split } from '../split.js';
import { SCRIPT_NAMES, SCRIPT_RANGES } from './unicode-scripts-data.js';

const ANY = -1;
const HAN = SCRIPT_NAMES.indexOf('Han');
const HIRAGANA = SCRIPT_NAMES.indexOf('Hiragana');
const KATAKANA = SCRIPT_NAMES.indexOf('Katakana');

// Decoded once: sorted range starts, ends (inclusive) and script indices.
const starts: number[] = [];
const ends: number[] = [];
const scripts: number[] = [];
{
  const p = SCRIPT_RANGES.split(',');
  let prevEnd = 0;
  for (let i = 0; i < p.length; i += 3) {
    const a = prevEnd + parseInt(p[i]!, 36);
    const b = a + parseInt(p[i + 1]!, 36) - 1;
    starts.push(a);
    ends.push(b);
    scripts.push(parseInt(p[i + 2]!, 36));
    prevEnd = b + 1;
  }
}

/** Script index of a code point in HF's table, or -1 ("Any") when it has none. */
function rawScript(cp: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < starts[mid]!) hi = mid - 1;
    else if (cp > ends[mid]!) lo = mid + 1;
    else return scripts[mid]!;
  }
  return ANY;
}

/** HF's `fixed_script` (from SentencePiece's IsValidSentencePiece): kana and U+30FC count as Han, ' ' as Any. */
function fixedScript(cp: number): number {
  if (cp === 0x30fc) return HAN;
  if (cp === 0x20) return ANY;
  const s = rawScript(cp);
  return s === HIRAGANA || s === KATAKANA ? HAN : s;
}

/**
 * HF `UnicodeScripts`: cuts where the Unicode script changes (SentencePiece's rule: Hiragana,
 * Katakana and U+30FC count as Han; a space belongs to no script and never starts a piece).
 * Uses HF's own script table, so characters newer than it have no script, as in HF. As in HF,
 * text before the first character that has a script (leading spaces, or a whole piece of
 * spaces) is dropped.
 */
export class UnicodeScriptsPreTokenizer implements PreTokenizer {
  readonly type = 'UnicodeScripts';

  preTokenize(splits: Split[]): Split[] {
    const out: Split[] = [];
    for (const raw of splits) {
      const s = resolved(raw);
      const t = s.text;
      const cuts: number[] = [];
      let last: number | null = null;
      for (let i = 0; i < t.length; ) {
        const cp = t.codePointAt(i)!;
        const script = fixedScript(cp);
        if (script !== ANY && last !== ANY && last !== script) cuts.push(i);
        if (script !== ANY) last = script;
        i += cp > 0xffff ? 2 : 1;
      }
      cuts.push(t.length);
      for (let k = 0; k + 1 < cuts.length; k++) out.push(subSplit(s, cuts[k]!, cuts[k + 1]!));
    }
    return out;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'UnicodeScripts' };
  }
}
