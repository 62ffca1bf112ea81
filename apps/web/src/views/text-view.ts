/**
 * Text: sample from the language model with temperature, top-k and top-p.
 * @module
 */
import type { LoadedBundle } from '@seqlab/models';
import { generateText } from '../lib/generate.js';
import { field, h, StatusLine } from '../ui/dom.js';
import { demoLoader } from './translate-view.js';

type Loader = (progress: (msg: string) => void) => Promise<LoadedBundle>;

/** Sampling controls and output over any `lm` bundle. */
export function textGenerator(prefix: string, load: Loader): HTMLElement {
  const prompt = h('input', { id: `${prefix}-prompt`, type: 'text', value: 'The whale', autocomplete: 'off' });
  const num = (id: string, attrs: Record<string, number>) => h('input', { id: `${prefix}-${id}`, type: 'number', ...attrs });
  const temp = num('temp', { min: 0.1, max: 2, step: 0.1, value: 0.8 });
  const topK = num('topk', { min: 0, max: 1000, value: 0 });
  const topP = num('topp', { min: 0.05, max: 1, step: 0.05, value: 0.9 });
  const len = num('len', { min: 1, max: 400, value: 120 });
  const seed = num('seed', { min: 0, value: 1 });
  const out = h('output', { id: `${prefix}-output`, class: 'generated', 'aria-label': 'generated text' });
  const status = new StatusLine(`${prefix}-status`);
  const go = h('button', { id: `${prefix}-run`, type: 'submit' }, 'Generate');
  const form = h(
    'form',
    { class: 'controls' },
    field('Prompt', prompt),
    h('div', { class: 'row' }, field('Temperature', temp), field('Top-k (0 = off)', topK), field('Top-p', topP), field('Length', len), field('Seed', seed)),
    go,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    out.textContent = '';
    try {
      const b = await load((m) => status.info(m));
      status.info('sampling…');
      out.textContent = await generateText(b, prompt.value, { temperature: Number(temp.value), topK: Number(topK.value) || undefined, topP: Number(topP.value), maxLength: Number(len.value), seed: Number(seed.value) });
      status.clear();
    } catch (err) {
      status.error(err);
    }
  });
  return h('section', { class: 'panel', 'aria-label': 'Generate text' }, form, status.el, out);
}

/** The text view over the demo LM bundle. */
export function textView(): HTMLElement {
  return h('div', { class: 'view', id: 'view-text' }, h('p', { class: 'lead' }, 'A small character-level language model trained on Moby Dick. The same seed gives the same text on every backend.'), textGenerator('lm', demoLoader('lm')));
}
