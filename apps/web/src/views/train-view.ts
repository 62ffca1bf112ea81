/**
 * Train in the tab: the reversal model trains in a Web Worker on the chosen backend (WebGPU by
 * default), with a live loss chart, pause / resume, and download as a bundle (zip) — which the
 * bring-your-own view loads back.
 * @module
 */
import { BACKEND_ORDER } from '../lib/backends.js';
import type { FromWorker, ToWorker } from '../train/protocol.js';
import { field, h, select, StatusLine } from '../ui/dom.js';
import { LossChart } from '../ui/loss-chart.js';

/** The train view. `onTrained` receives the exported bundle's files (to open them in the page). */
export function trainView(onTrained: (files: File[]) => void): HTMLElement {
  const backend = select('train-backend', BACKEND_ORDER.map((b) => [b, b] as [string, string]), 'webgpu');
  const lr = h('input', { id: 'train-lr', type: 'number', min: 0.0001, max: 0.1, step: 0.0001, value: 0.003 });
  const batch = h('input', { id: 'train-batch', type: 'number', min: 1, max: 256, value: 16 });
  const start = h('button', { id: 'train-start', type: 'button' }, 'Start');
  const pause = h('button', { id: 'train-pause', type: 'button', disabled: true }, 'Pause');
  const resume = h('button', { id: 'train-resume', type: 'button', disabled: true }, 'Resume');
  const download = h('button', { id: 'train-download', type: 'button', disabled: true }, 'Download bundle');
  const open = h('button', { id: 'train-open', type: 'button', disabled: true }, 'Open in “bring your own”');
  const status = new StatusLine('train-status');
  const chart = new LossChart('training loss per step');
  const view = h(
    'div',
    { class: 'view', id: 'view-train' },
    h('p', { class: 'lead' }, 'Train a one-layer Transformer to reverse digit strings, in a Web Worker: the page stays responsive while it learns.'),
    h('div', { class: 'controls' }, h('div', { class: 'row' }, field('Backend', backend), field('Learning rate', lr), field('Batch size', batch)), h('div', { class: 'row buttons' }, start, pause, resume, download, open)),
    status.el,
    h('figure', { class: 'chart' }, chart.el, h('figcaption', {}, 'loss per step')),
  );

  let worker: Worker | null = null;
  let workerBackend = '';
  let wantOpen = false;
  const send = (m: ToWorker) => worker!.postMessage(m);
  const setRunning = (running: boolean) => {
    pause.disabled = !running;
    resume.disabled = running;
    download.disabled = running;
    open.disabled = running;
  };

  const onMessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    switch (m.type) {
      case 'ready': {
        workerBackend = m.backend;
        const skipped = m.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason}`);
        status.info(`worker running on ${m.backend}${skipped.length ? ` (skipped ${skipped.join('; ')})` : ''}`);
        view.dataset.backend = m.backend;
        send({ type: 'start', seed: 0, lr: Number(lr.value), batch: Number(batch.value) });
        return;
      }
      case 'loss':
        chart.add(m.step, m.loss);
        if (m.step === 0) view.dataset.firstLoss = String(m.loss);
        view.dataset.lastLoss = String(m.loss);
        view.dataset.step = String(m.step);
        status.info(`${workerBackend} · step ${m.step} · loss ${m.loss.toFixed(4)} · ${m.msPerStep.toFixed(0)} ms/step`);
        return;
      case 'running':
        setRunning(m.running);
        return;
      case 'bundle': {
        const files = Object.entries(m.files).map(([name, bytes]) => new File([bytes as BlobPart], name));
        if (wantOpen) onTrained(files);
        else {
          const a = h('a', { href: URL.createObjectURL(new Blob([m.zip as BlobPart], { type: 'application/zip' })), download: 'reverse-digits-bundle.zip' });
          a.click();
          setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
        }
        return;
      }
      case 'error':
        status.error(`training worker: ${m.message}`);
        return;
    }
  };

  start.addEventListener('click', () => {
    worker?.terminate();
    chart.reset();
    delete view.dataset.firstLoss;
    delete view.dataset.lastLoss;
    delete view.dataset.step;
    status.info(`starting the worker on ${backend.value}…`);
    worker = new Worker(new URL('../train/worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = onMessage;
    worker.onerror = (e) => status.error(`training worker failed: ${e.message}`);
    send({ type: 'init', backend: backend.value });
  });
  pause.addEventListener('click', () => send({ type: 'pause' }));
  resume.addEventListener('click', () => send({ type: 'resume' }));
  download.addEventListener('click', () => {
    wantOpen = false;
    send({ type: 'export' });
  });
  open.addEventListener('click', () => {
    wantOpen = true;
    send({ type: 'export' });
  });
  return view;
}
