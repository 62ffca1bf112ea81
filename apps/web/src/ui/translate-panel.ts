/**
 * One model's column of the translate view: its translation and its attention heat-map.
 * @module
 */
import type { LoadedBundle } from '@seqlab/models';
import { translate, type TranslateSettings } from '../lib/translate.js';
import { h, StatusLine } from './dom.js';
import { heatmap } from './heatmap.js';

/** A panel that shows one model's translation of the current input. */
export class TranslatePanel {
  readonly el: HTMLElement;
  private readonly status: StatusLine;
  private readonly output: HTMLOutputElement;
  private readonly map: HTMLDivElement;

  constructor(
    readonly title: string,
    id: string,
  ) {
    this.status = new StatusLine(`${id}-status`);
    this.output = h('output', { id: `${id}-output`, class: 'translation', 'aria-label': `${title} translation` });
    this.map = h('div', { id: `${id}-heatmap`, class: 'heatmap-holder' });
    this.el = h('section', { class: 'panel', id, 'aria-label': title }, h('h3', {}, title), this.output, this.status.el, this.map);
  }

  /** Loads the model (progress shown), translates `text` and draws the heat-map; errors are shown, not thrown. */
  async run(load: (progress: (msg: string) => void) => Promise<LoadedBundle>, text: string, settings: TranslateSettings): Promise<void> {
    this.output.textContent = '';
    this.map.replaceChildren();
    this.el.removeAttribute('data-done');
    try {
      this.status.info('loading model…');
      const bundle = await load((msg) => this.status.info(msg));
      this.status.info('translating…');
      const t0 = performance.now();
      const t = await translate(bundle, text, settings);
      this.output.textContent = t.text;
      this.status.info(`${settings.method === 'beam' ? `beam search (width ${settings.beamWidth})` : 'greedy'} · ${t.outputTokens.length} tokens · ${(performance.now() - t0).toFixed(0)} ms`);
      this.map.append(heatmap(t.sourceTokens, t.outputTokens, t.attention, `${this.title}: attention of each output token over the source`));
    } catch (e) {
      this.status.error(e);
    }
    this.el.setAttribute('data-done', '');
  }
}
