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

// Ours and the peer run alternately (best of `reps` each), so load changes on the shared machine
// hit both alike.
function pair(ours, peer, reps = 5) {
  let a = Infinity;
  let b = Infinity;
  let outA;
  let outB;
  for (let i = 0; i < reps; i++) {
    let t0 = performance.now();
    outB = peer();
    b = Math.min(b, performance.now() - t0);
    t0 = performance.now();
    outA = ours();
    a = Math.min(a, performance.now() - t0);
  }
  return { ours: { ms: a, out: outA }, peer: { ms: b, out: outB } };
}
const rate = (ms) => (mb / (ms / 1000)).toFixed(1);

console.log(`text: ${text.length} UTF-16 units, ${mb.toFixed(2)} MB UTF-8; best of 5 alternating runs each`);
const nfcText = text.normalize('NFC');
for (const [name, form, n, input] of [
  ['NFC', 'NFC', nfc(), text],
  ['NFD', 'NFD', nfd(), text],
  ['NFKC', 'NFKC', nfkc(), text],
  ['NFC of NFC text', 'NFC', nfc(), nfcText],
]) {
  const { ours, peer } = pair(() => n.normalizeString(new NormalizedString(input)), () => input.normalize(form));
  if (ours.out.normalized !== peer.out) throw new Error(`${name}: results differ`);
  console.log(
    `${name.padEnd(15)} String.prototype.normalize: ${rate(peer.ms).padStart(7)} MB/s | ` +
      `@seqlab/normalize with offsets: ${rate(ours.ms).padStart(6)} MB/s | ratio (ours/peer): ${(peer.ms / ours.ms).toFixed(3)}x`,
  );
}
const { ours: b, peer: bp } = pair(() => bert().normalizeString(new NormalizedString(text)), () => bert().normalize(text), 3);
console.log(`BERT  with offsets: ${rate(b.ms)} MB/s | plain: ${rate(bp.ms)} MB/s`);
