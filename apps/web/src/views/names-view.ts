/**
 * Names: generate names of a chosen language (temperature), and classify a typed name with the
 * probability of each language.
 * @module
 */
import type { LoadedBundle } from '@seqlab/models';
import { classifyName, generateNames } from '../lib/generate.js';
import { bundleLabels } from '../lib/labels.js';
import { field, h, select, StatusLine } from '../ui/dom.js';
import { demoLoader } from './translate-view.js';

type Loader = (progress: (msg: string) => void) => Promise<LoadedBundle>;

/** The generator half of the names view, over any `generate-names` bundle. */
export function namesGenerator(prefix: string, load: Loader): HTMLElement {
  const lang = select(`${prefix}-lang`, [['', 'load the model first']]);
  const temp = h('input', { id: `${prefix}-temp`, type: 'range', min: 0.1, max: 2, step: 0.1, value: 0.8 });
  const tempOut = h('output', { for: temp.id }, '0.8');
  temp.addEventListener('input', () => (tempOut.textContent = temp.value));
  const count = h('input', { id: `${prefix}-count`, type: 'number', min: 1, max: 20, value: 8 });
  const status = new StatusLine(`${prefix}-status`);
  const list = h('ul', { id: `${prefix}-list`, class: 'names' });
  const go = h('button', { id: `${prefix}-run`, type: 'submit' }, 'Generate');
  let seed = 1;
  const ensureLabels = async () => {
    const b = await load((m) => status.info(m));
    if (lang.options.length <= 1 && !lang.options[0]?.value) lang.replaceChildren(...bundleLabels(b).map((l, i) => h('option', { value: i }, l)));
    return b;
  };
  const form = h('form', { class: 'controls' }, h('div', { class: 'row' }, field('Language', lang), field('Temperature', temp), tempOut, field('How many', count)), go);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    list.replaceChildren();
    try {
      const b = await ensureLabels();
      status.info('sampling…');
      const names = await generateNames(b, Number(lang.value || 0), Number(count.value), { temperature: Number(temp.value), maxLength: 20, seed: seed++ });
      list.replaceChildren(...names.map((n) => h('li', {}, n)));
      status.clear();
    } catch (err) {
      status.error(err);
    }
  });
  lang.addEventListener('focus', () => void ensureLabels().catch((err) => status.error(err)), { once: true });
  return h('section', { class: 'panel', 'aria-label': 'Generate names' }, h('h3', {}, 'Generate'), form, status.el, list);
}

/** The classifier half of the names view, over any `classify-names` bundle. */
export function namesClassifier(prefix: string, load: Loader): HTMLElement {
  const name = h('input', { id: `${prefix}-name`, type: 'text', value: 'Schmidt', autocomplete: 'off' });
  const status = new StatusLine(`${prefix}-status`);
  const bars = h('ol', { id: `${prefix}-probs`, class: 'bars' });
  const go = h('button', { id: `${prefix}-run`, type: 'submit' }, 'Classify');
  const form = h('form', { class: 'controls' }, field('Name', name), go);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    bars.replaceChildren();
    try {
      const b = await load((m) => status.info(m));
      const labels = bundleLabels(b);
      const probs = await classifyName(b, name.value);
      const ranked = probs.map((p, i) => [labels[i] ?? `#${i}`, p] as const).sort((a, c) => c[1] - a[1]).slice(0, 8);
      bars.replaceChildren(...ranked.map(([l, p]) => h('li', {}, h('span', { class: 'bar-label' }, l), h('meter', { min: 0, max: 1, value: p, 'aria-label': `${l} probability` }), h('span', {}, `${(100 * p).toFixed(1)} %`))));
      status.clear();
    } catch (err) {
      status.error(err);
    }
  });
  return h('section', { class: 'panel', 'aria-label': 'Classify a name' }, h('h3', {}, 'Classify'), form, status.el, bars);
}

/** The names view over the demo bundles. */
export function namesView(): HTMLElement {
  return h(
    'div',
    { class: 'view', id: 'view-names' },
    h('p', { class: 'lead' }, 'A character-level generator conditioned on the language, and a classifier that guesses the language of a name.'),
    h('div', { class: 'panels' }, namesGenerator('ng', demoLoader('generate-names')), namesClassifier('nc', demoLoader('classify-names'))),
  );
}
