/**
 * Bring your own bundle: drop (or pick) a bundle's files or a .zip of them, or give a URL; the
 * bundle loads on the current backend and the matching task UI appears. A bundle that fails to
 * load shows the loader's message (which names the file at fault) and nothing else changes.
 * @module
 */
import type { BundleReader, LoadedBundle } from '@seqlab/models';
import { filesReader, progressUrlReader } from '../lib/bundle-source.js';
import { formatProgress } from '../lib/catalog.js';
import { dropBundle, getBundle } from '../lib/model-cache.js';
import { field, h, StatusLine } from '../ui/dom.js';
import { TranslatePanel } from '../ui/translate-panel.js';
import { namesClassifier, namesGenerator } from './names-view.js';
import { textGenerator } from './text-view.js';
import { translateControls } from './translate-view.js';

/** The bring-your-own view, and a function that loads files into it (used by the train view). */
export function byoView(): { el: HTMLElement; loadFiles(files: File[]): Promise<void> } {
  const status = new StatusLine('byo-status');
  const picker = h('input', { id: 'byo-files', type: 'file', multiple: true });
  const drop = h('div', { id: 'byo-drop', class: 'drop', tabindex: 0 }, 'Drop config.json, model.safetensors and the tokenizer files here (or a .zip of them)');
  const url = h('input', { id: 'byo-url', type: 'url', placeholder: 'https://…/my-bundle/' });
  const loadUrl = h('button', { id: 'byo-load-url', type: 'submit' }, 'Load from URL');
  const summary = h('div', { id: 'byo-summary' });
  const ui = h('div', { id: 'byo-ui' });
  let key = '';
  let seq = 0;

  async function load(reader: BundleReader): Promise<void> {
    ui.replaceChildren();
    summary.replaceChildren();
    if (key) dropBundle(key);
    // The reader stays with the key: after a backend switch frees the model, it loads again from it.
    key = `byo:${++seq}`;
    const myKey = key;
    status.info(`loading ${reader.location}…`);
    try {
      const b = await getBundle(myKey, () => reader);
      status.info(`loaded ${reader.location}`);
      show(b, () => getBundle(myKey, () => reader));
    } catch (e) {
      status.error(`could not load the bundle: ${(e as Error).message}`);
    }
  }

  function show(b: LoadedBundle, loader: () => Promise<LoadedBundle>): void {
    const training = b.config.training ? ` · trained ${String(b.config.training.steps ?? '?')} steps` : '';
    summary.replaceChildren(h('p', {}, `task ${b.config.task} · architecture ${b.config.architecture.type}${training}`));
    switch (b.config.task) {
      case 'translate': {
        const panel = new TranslatePanel('Your model', 'byo-tr');
        ui.replaceChildren(translateControls('byo-tr', '', (text, s) => void panel.run(loader, text, s)), panel.el);
        return;
      }
      case 'generate-names':
        ui.replaceChildren(namesGenerator('byo-ng', loader));
        return;
      case 'classify-names':
        ui.replaceChildren(namesClassifier('byo-nc', loader));
        return;
      case 'lm':
        ui.replaceChildren(textGenerator('byo-lm', loader));
        return;
      default:
        ui.replaceChildren(h('p', {}, `this page has no view for task "${b.config.task}"`));
    }
  }

  const loadFiles = async (files: File[]) => {
    try {
      await load(await filesReader(files));
    } catch (e) {
      status.error(e);
    }
  };
  picker.addEventListener('change', () => void loadFiles([...(picker.files ?? [])]));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void loadFiles([...(e.dataTransfer?.files ?? [])]);
  });
  const urlForm = h('form', { class: 'controls' }, field('Bundle URL', url), loadUrl);
  urlForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!url.value) return status.error('enter the URL of a bundle folder');
    void load(progressUrlReader(url.value, (p) => status.info(formatProgress(p))));
  });
  const el = h(
    'div',
    { class: 'view', id: 'view-byo' },
    h('p', { class: 'lead' }, 'Load any seqlab bundle — written by `seqlab train`, downloaded from the train view, or your own.'),
    drop,
    field('Bundle files', picker),
    urlForm,
    status.el,
    summary,
    ui,
  );
  return { el, loadFiles };
}
