// Benchmark: NFC (and NFD / NFKC) WITH offsets (@seqlab/normalize's normalizeString) against the
// engine's plain String.prototype.normalize (ICU, no offsets) on the same ~5 MB of mixed text.
// Run after a build: node packages/normalize/bench/normalize.bench.mjs
import { NormalizedString, bert, nfc, nfd, nfkc } from '@seqlab/normalize';

// Deterministic mixed text: prose in several scripts, precomposed AND decomposed accents,
// Hangul syllables and jamo, CJK, emoji, compatibility characters.
const WORDS = [
  'the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'and', 'then', 'some', 'more', 'words',
  'crème', 'brûlée', 'cafe\u0301', 'naïve', 'fiancée', 'déjà', 'vu', 'Straße', 'Übermaß', 'Ångström',
  'Tiê\u0301ng', 'Việt', 'người', 'được', '한국어', '\u1112\u1161\u11ab', '中文', '字符', '日本語', 'テキスト',
  'ﬁne', 'ﬂow', 'Ｆｕｌｌ', '①', '㎏', '😀', '👍🏽', '👨‍👩‍👧', 'مرحبا', 'नमस्ते', 'Ελληνικά', 'русский',
];
let seed = 12345;
function rand(n) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}
const parts = [];
let size = 0;
while (size < 5_000_000) {
  // Mostly ASCII words (real text is), with the others mixed in.
  const w = rand(3) === 0 ? WORDS[rand(WORDS.length)] : WORDS[rand(13)];
  parts.push(w, rand(12) === 0 ? '.\n' : ' ');
  size += w.length + 1;
}
const text = parts.join('');
const mb = Buffer.byteLength(text, 'utf8') / 1e6;

function best(fn, reps = 5) {
  let t = Infinity;
  let out;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    out = fn();
    t = Math.min(t, performance.now() - t0);
  }
  return { ms: t, out };
}

console.log(`text: ${text.length} UTF-16 units, ${mb.toFixed(2)} MB UTF-8; best of 5 runs each`);
for (const [name, form, n] of [['NFC', 'NFC', nfc()], ['NFD', 'NFD', nfd()], ['NFKC', 'NFKC', nfkc()]]) {
  const peer = best(() => text.normalize(form));
  const ours = best(() => n.normalizeString(new NormalizedString(text)));
  if (ours.out.normalized !== peer.out) throw new Error(`${name}: results differ`);
  const plainOurs = best(() => n.normalize(text));
  console.log(
    `${name.padEnd(5)} String.prototype.normalize: ${(mb / (peer.ms / 1000)).toFixed(1).padStart(7)} MB/s | ` +
      `@seqlab/normalize with offsets: ${(mb / (ours.ms / 1000)).toFixed(1).padStart(6)} MB/s | ` +
      `ratio (ours/peer): ${(peer.ms / ours.ms).toFixed(3)}x | plain normalize(): ${(mb / (plainOurs.ms / 1000)).toFixed(1)} MB/s`,
  );
}
const b = best(() => bert().normalizeString(new NormalizedString(text)), 3);
const bp = best(() => bert().normalize(text), 3);
console.log(`BERT  with offsets: ${(mb / (b.ms / 1000)).toFixed(1)} MB/s | plain: ${(mb / (bp.ms / 1000)).toFixed(1)} MB/s`);
