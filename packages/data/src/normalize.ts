/**
 * `unicodeToAscii` of the PyTorch seq2seq and char-RNN tutorials: NFD, then drop combining marks
 * (category Mn), so `"Ślusàrski"` becomes `"Slusarski"`.
 */
export function unicodeToAscii(s: string): string {
  return s.normalize('NFD').replace(/\p{Mn}/gu, '');
}

/**
 * `normalizeString` of the PyTorch seq2seq tutorial (the preprocessing of the seed notebook):
 * lower case, trim, strip accents, put a space before `.`, `!`, `?`, and turn every run of other
 * non-letters into one space. `"Va !"` becomes `"va !"`, `"J'ai 19 ans."` becomes `"j ai ans ."`.
 */
export function normalizeTutorial(s: string): string {
  let t = unicodeToAscii(s.toLowerCase().trim());
  t = t.replace(/([.!?])/g, ' $1');
  t = t.replace(/[^a-zA-Z.!?]+/g, ' ');
  return t.trim();
}
