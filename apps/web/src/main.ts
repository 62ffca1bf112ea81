/**
 * The seqlab web demo: backend picker, tabs for each view, and the glue between them.
 * @module
 */
import { BACKEND_ORDER, initBackend, type BackendName } from './lib/backends.js';
import { clearBundles } from './lib/model-cache.js';
import { field, h, select } from './ui/dom.js';
import { byoView } from './views/byo-view.js';
import { namesView } from './views/names-view.js';
import { textView } from './views/text-view.js';
import { trainView } from './views/train-view.js';
import { translateView } from './views/translate-view.js';
import './styles.css';

const app = document.getElementById('app')!;
const backendSelect = select('backend', [['auto', 'auto (fastest that works)'], ...BACKEND_ORDER.map((b) => [b, b] as [string, string])]);
const backendStatus = h('p', { id: 'backend-status', role: 'status', 'aria-live': 'polite' }, 'starting…');
const backendNotes = h('ul', { id: 'backend-notes', class: 'notes' });

async function useBackend(choice: BackendName | 'auto'): Promise<void> {
  backendSelect.disabled = true;
  document.body.removeAttribute('data-backend');
  backendStatus.className = '';
  backendStatus.textContent = `initialising ${choice}…`;
  await clearBundles(); // models hold tensors of the old backend
  try {
    const s = await initBackend(choice);
    backendStatus.textContent = `running on ${s.backend}`;
    backendNotes.replaceChildren(...s.attempts.filter((a) => !a.ok).map((a) => h('li', {}, `${a.name} not used: ${a.reason}`)));
    document.body.dataset.backend = s.backend;
  } catch (e) {
    backendStatus.className = 'error';
    backendStatus.textContent = (e as Error).message;
  }
  backendSelect.disabled = false;
}
backendSelect.addEventListener('change', () => void useBackend(backendSelect.value as BackendName | 'auto'));

const byo = byoView();
const views: Array<[string, string, HTMLElement]> = [
  ['translate', 'Translate', translateView()],
  ['names', 'Names', namesView()],
  ['text', 'Text', textView()],
  ['train', 'Train in the tab', trainView((files) => {
    show('byo');
    void byo.loadFiles(files);
  })],
  ['byo', 'Bring your own', byo.el],
];
const tabs = h('nav', { role: 'tablist', 'aria-label': 'Views' });
const main = h('main', {});
for (const [id, label, el] of views) {
  const tab = h('button', { role: 'tab', id: `tab-${id}`, type: 'button', 'aria-controls': el.id }, label);
  tab.addEventListener('click', () => show(id));
  tabs.append(tab);
  el.setAttribute('role', 'tabpanel');
  el.setAttribute('aria-labelledby', tab.id);
  main.append(el);
}

function show(id: string): void {
  for (const [vid, , el] of views) {
    el.hidden = vid !== id;
    document.getElementById(`tab-${vid}`)!.setAttribute('aria-selected', String(vid === id));
  }
  history.replaceState(null, '', `#${id}`);
}

app.append(
  h('header', {}, h('h1', {}, 'seqlab'), h('div', { class: 'backend' }, field('Backend', backendSelect), backendStatus), backendNotes),
  tabs,
  main,
);
show(views.some(([id]) => `#${id}` === location.hash) ? location.hash.slice(1) : 'translate');
void useBackend('auto');
