import { expect } from 'vitest';

/** Asserts `svg` is one SVG document whose text elements include each of `texts` (XML-escaped). */
export function svgChecks(svg: string, texts: readonly string[]): void {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const shown = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  for (const t of texts) expect(shown, t).toContain(t);
}
