import { strip } from './whitespace.js';
import { lowercase } from './case.js';
import { unicodeToAscii } from './accents.js';
import { replace } from './replace.js';
import { Sequence } from './sequence.js';

/**
 * Python's `str.isspace` (what `str.strip()` removes): bidi classes WS, B, S or category Zs. It
 * differs from JavaScript's `\s` (which has U+FEFF but not U+001C..U+001F or U+0085).
 */
const PY_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** Whether `ch` is whitespace for Python's `str.strip()` / `str.isspace()`. */
export function isPythonSpace(ch: string): boolean {
  return PY_SPACE.test(ch);
}

/**
 * The PyTorch seq2seq tutorial's `normalizeString`:
 * ```python
 * s = unicodeToAscii(s.lower().strip())
 * s = re.sub(r"([.!?])", r" \1", s)
 * s = re.sub(r"[^a-zA-Z.!?]+", r" ", s)
 * return s.strip()
 * ```
 * `'Je suis étudiant!'` gives `'je suis etudiant !'`. (Python's `lower()` applies the final-sigma
 * rule and this lowercases per code point; it cannot matter, every sigma becomes a space.)
 */
export function tutorialNormalizeString(): Sequence {
  return new Sequence([
    lowercase(),
    strip({ isSpace: isPythonSpace }),
    unicodeToAscii(),
    replace(/([.!?])/g, ' $1'),
    replace(/[^a-zA-Z.!?]+/g, ' '),
    strip({ isSpace: isPythonSpace }),
  ]);
}
