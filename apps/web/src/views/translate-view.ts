/**
 * Translate: German in, English out from the RNN + attention model and the Transformer side by
 * side, greedy or beam search, an attention heat-map under each.
 * @module
 */
import type { LoadedBundle } from '@seqlab/models';
import { formatProgress, loadDemo } from '../lib/catalog.js';
import type { TranslateSettings } from '../lib/translate.js';
import { field, h, select } from '../ui/dom.js';
import { TranslatePanel } from '../ui/translate-panel.js';

/** Input and decoding controls shared by every translate panel. */
export function translateControls(prefix: string, initial: string, onRun: (text: string, s: TranslateSettings) => void): HTMLElement {
  const input = h('textarea', { id: `${prefix}-input`, rows: 2 });
  input.value = initial;
  const method = select(`${prefix}-method`, [
    ['greedy', 'greedy'],
    ['beam', 'beam search'],
  ]);
  const width = h('input', { id: `${prefix}-beam`, type: 'number', min: 1, max: 8, value: 4 });
  const maxLen = h('input', { id: `${prefix}-maxlen`, type: 'number', min: 1, max: 64, value: 20 });
  const go = h('button', { id: `${prefix}-run`, type: 'submit' }, 'Translate');
  const form = h('form', { class: 'controls' }, field('Source sentence', input), h('div', { class: 'row' }, field('Decoding', method), field('Beam width', width), field('Max tokens', maxLen)), go);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onRun(input.value, { method: method.value as TranslateSettings['method'], beamWidth: Number(width.value), maxLength: Number(maxLen.value) });
  });
  return form;
}

/** A loader for a demo bundle that reports progress into a panel. */
export function demoLoader(name: string): (progress: (msg: string) => void) => Promise<LoadedBundle> {
  return (progress) => loadDemo(name, (p) => progress(formatProgress(p)));
}

/** The translate view. */
export function translateView(): HTMLElement {
  const rnn = new TranslatePanel('RNN + attention', 'tr-rnn');
  const transformer = new TranslatePanel('Transformer', 'tr-transformer');
  const controls = translateControls('tr', 'Er ist schon wieder krank.', (text, s) => {
    void rnn.run(demoLoader('translate-rnn'), text, s);
    void transformer.run(demoLoader('translate-transformer'), text, s);
  });
  return h(
    'div',
    { class: 'view', id: 'view-translate' },
    h('p', { class: 'lead' }, 'German → English with two small models trained by `seqlab train` on the built-in sentence pairs (the notebook’s “I am / he is …” subset, a few minutes each: expect rough translations). Hover an output word to see which source word it attended to.'),
    controls,
    h('div', { class: 'panels' }, rnn.el, transformer.el),
  );
}
