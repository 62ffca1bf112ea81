/**
 * The attention heat-map: an SVG grid, one row per output token and one column per source token,
 * darker for more attention. Hovering (or focusing) an output token highlights its row and the
 * source token it attends to most; the source words above the grid are shaded by that row.
 * @module
 */
const NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/**
 * Renders the heat-map of `attention` (`[outputs.length][sources.length]`) into a new element.
 * Output tokens are focusable labels with class `out-token`; the source token highlighted by a
 * hover carries class `highlight` (the e2e tests check it).
 */
export function heatmap(sources: string[], outputs: string[], attention: number[][], label: string): HTMLElement {
  const wrap = document.createElement('figure');
  wrap.className = 'heatmap';
  if (attention.length === 0) {
    wrap.textContent = 'this model returns no attention weights';
    return wrap;
  }
  const cell = 26;
  const left = 90;
  const top = 90;
  const width = left + cell * sources.length + 4;
  const height = top + cell * outputs.length + 4;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label });
  const srcLabels = sources.map((s, j) => {
    const t = svg('text', { x: left + j * cell + cell / 2, y: top - 6, transform: `rotate(-60 ${left + j * cell + cell / 2} ${top - 6})`, class: 'src-token' });
    t.textContent = s;
    root.append(t);
    return t;
  });
  const rows: SVGRectElement[][] = [];
  outputs.forEach((o, i) => {
    const weights = attention[i] ?? [];
    rows.push(
      sources.map((_, j) => {
        const w = weights[j] ?? 0;
        const r = svg('rect', { x: left + j * cell, y: top + i * cell, width: cell - 1, height: cell - 1, fill: `rgba(37, 99, 235, ${Math.max(0.04, w).toFixed(3)})` });
        const title = svg('title', {});
        title.textContent = `${o} → ${sources[j]}: ${w.toFixed(3)}`;
        r.append(title);
        root.append(r);
        return r;
      }),
    );
    const t = svg('text', { x: left - 6, y: top + i * cell + cell * 0.65, 'text-anchor': 'end', class: 'out-token', tabindex: 0, 'data-row': i });
    t.textContent = o;
    const on = () => highlight(i);
    t.addEventListener('mouseenter', on);
    t.addEventListener('focus', on);
    for (const r of rows[i]!) r.addEventListener('mouseenter', on);
    root.append(t);
  });
  root.addEventListener('mouseleave', () => highlight(-1));

  function highlight(i: number): void {
    root.querySelectorAll('.out-token').forEach((t) => t.classList.toggle('active', Number(t.getAttribute('data-row')) === i));
    rows.forEach((r, k) => r.forEach((c) => c.classList.toggle('active-row', k === i)));
    const weights = i >= 0 ? (attention[i] ?? []) : [];
    let best = -1;
    weights.forEach((w, j) => {
      if (best < 0 || w > weights[best]!) best = j;
    });
    srcLabels.forEach((t, j) => {
      t.classList.toggle('highlight', j === best);
      t.style.fillOpacity = i >= 0 ? String(0.35 + 0.65 * (weights[j] ?? 0)) : '';
    });
  }
  wrap.append(root);
  const cap = document.createElement('figcaption');
  cap.textContent = label;
  wrap.append(cap);
  return wrap;
}
