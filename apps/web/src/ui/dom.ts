/**
 * A few DOM helpers, enough for this page without a framework.
 * @module
 */

type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates an element with attributes (`false` / `undefined` omitted) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) el.setAttribute(k, v === true ? '' : String(v));
  el.append(...children);
  return el;
}

let ids = 0;
/** A labelled control: `<label for=id>text</label>` + the control, wrapped in a div. */
export function field(label: string, control: HTMLElement): HTMLDivElement {
  if (!control.id) control.id = `f${++ids}`;
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

/** A `<select>` of `options` ([value, text]). */
export function select(id: string, options: Array<[string, string]>, value?: string): HTMLSelectElement {
  const s = h('select', { id });
  for (const [v, t] of options) s.append(h('option', { value: v }, t));
  if (value !== undefined) s.value = value;
  return s;
}

/** A status line that shows progress, results or an error (role=status / role=alert for screen readers). */
export class StatusLine {
  readonly el: HTMLParagraphElement;
  constructor(id: string) {
    this.el = h('p', { id, class: 'status', role: 'status', 'aria-live': 'polite' });
  }
  info(text: string): void {
    this.el.className = 'status';
    this.el.setAttribute('role', 'status');
    this.el.textContent = text;
  }
  error(e: unknown): void {
    this.el.className = 'status error';
    this.el.setAttribute('role', 'alert');
    this.el.textContent = e instanceof Error ? e.message : String(e);
  }
  clear(): void {
    this.info('');
  }
}
