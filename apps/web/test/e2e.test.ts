// End-to-end tests of the production build (vite build, served by vite preview) in headless
// Chromium. Build first: `npx -y pnpm@10.34.9 --filter @seqlab/web... build`.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot, openPage, startE2E, watchErrors, type E2E } from './harness.js';
import { cliTranslate, demoBundleDir } from './node-reference.js';

const shots = join(appRoot, 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });

let e2e: E2E;
let page: Page;
let errors: string[];
let firstBackend: string;

/** Number of distinct colours of a PNG, decoded by the browser itself (no PNG library needed). */
function distinctColours(p: Page, png: Buffer): Promise<number> {
  return p.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const ctx = new OffscreenCanvas(img.width, img.height).getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
    return seen.size;
  }, png.toString('base64'));
}

/** Asserts a status line shows no error (the message is the failure text when it does). */
async function expectOk(p: Page, selector: string): Promise<void> {
  expect(await p.getAttribute(selector, 'class'), (await p.textContent(selector)) ?? '').toBe('status');
}

async function useBackend(p: Page, name: string): Promise<void> {
  await p.selectOption('#backend', name);
  await p.waitForFunction((n) => document.body.dataset.backend === n, name, { timeout: 60_000 });
}

/** Translates in the translate view and returns what `panel` shows (after both panels finish). */
async function translateInPage(p: Page, text: string, method: 'greedy' | 'beam', beamWidth = 4, panel = 'tr-transformer'): Promise<string> {
  await p.click('#tab-translate');
  await p.fill('#tr-input', text);
  await p.selectOption('#tr-method', method);
  await p.fill('#tr-beam', String(beamWidth));
  await p.fill('#tr-maxlen', '20');
  await p.evaluate(() => document.querySelectorAll('#view-translate .panel').forEach((e) => e.removeAttribute('data-done')));
  await p.click('#tr-run');
  await p.waitForSelector('#tr-transformer[data-done]', { timeout: 90_000 });
  await p.waitForSelector('#tr-rnn[data-done]', { timeout: 90_000 });
  const status = await p.textContent(`#${panel}-status`);
  await expectOk(p, `#${panel}-status`);
  expect(status).toMatch(method === 'beam' ? /beam search/ : /greedy/);
  return (await p.textContent(`#${panel}-output`))!;
}

describe('web demo (production build in Chromium)', () => {
  beforeAll(async () => {
    e2e = await startE2E();
    page = await e2e.browser.newPage({ viewport: { width: 1200, height: 900 } });
    errors = watchErrors(page);
    firstBackend = await openPage(page, e2e.url);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('loads, picks the fastest backend that initialises and says why others were skipped', async () => {
    // Chromium here has WebGPU (SwiftShader), so auto must pick it: the fastest of the four.
    expect(firstBackend).toBe('webgpu');
    expect(await page.textContent('#backend-status')).toBe('running on webgpu');
    expect(await page.title()).toMatch(/seqlab/);
  });

  it('every control has a label', async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => {
          const c = el as HTMLInputElement;
          const named = (c.labels?.length ?? 0) > 0 || c.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent!.trim());
          return !named;
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
  });

  it('a translation shown equals `seqlab translate` (Node CLI) for the same bundle, input and settings', async () => {
    // wasm: exact float32 kernels and fast enough on two loaded cores (the CLI runs on cpu);
    // WebGPU is exercised by the training test below.
    await useBackend(page, 'wasm');
    const cases = [
      ['tr-transformer', 'translate-transformer', 'Er ist schon wieder krank.', 'greedy', 1],
      ['tr-transformer', 'translate-transformer', 'Ich bin hier ortsunkundig.', 'beam', 3],
      ['tr-rnn', 'translate-rnn', 'Er ist schon wieder krank.', 'greedy', 1],
      ['tr-rnn', 'translate-rnn', 'Ich bin hier ortsunkundig.', 'beam', 3],
    ] as const;
    // The CLI runs (mostly process start-up) go on while the page translates.
    const expected = Promise.all(cases.map(([, bundle, text, , width]) => cliTranslate(demoBundleDir(bundle), text, width, 20)));
    expected.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
    for (const [i, [panel, bundle, text, method, width]] of cases.entries()) {
      const shown = await translateInPage(page, text, method, width, panel);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown, `${bundle} ${method} "${text}"`).toBe((await expected)[i]);
    }
  }, 120_000);

  it('the heat-map renders and hovering an output word highlights the source word it attends to most', async () => {
    await translateInPage(page, 'Er ist schon wieder krank.', 'greedy');
    const map = page.locator('#tr-transformer-heatmap svg');
    const png = await map.screenshot();
    expect(await distinctColours(page, png)).toBeGreaterThan(8);
    const rows = await page.locator('#tr-transformer-heatmap .out-token').count();
    expect(rows).toBeGreaterThan(1);
    for (let i = 0; i < rows; i++) {
      await page.hover(`#tr-transformer-heatmap .out-token[data-row="${i}"]`);
      const { highlighted, expected, active } = await page.evaluate((row) => {
        const root = document.querySelector('#tr-transformer-heatmap svg')!;
        const src = [...root.querySelectorAll('.src-token')];
        // Weights from the cell tooltips ("out → src: w") of this row, in source order.
        const cells = [...root.querySelectorAll('rect')].slice(row * src.length, (row + 1) * src.length);
        const w = cells.map((c) => Number(c.querySelector('title')!.textContent!.split(': ').pop()));
        return {
          highlighted: src.filter((t) => t.classList.contains('highlight')).map((t) => t.textContent),
          expected: src[w.indexOf(Math.max(...w))]!.textContent,
          active: root.querySelector('.out-token.active')?.getAttribute('data-row'),
        };
      }, i);
      expect(active).toBe(String(i));
      expect(highlighted).toEqual([expected]);
    }
    await page.hover(`#tr-transformer-heatmap .out-token[data-row="1"]`);
    await page.screenshot({ path: join(shots, 'translate.png'), fullPage: true });
  });

  it.each(['webgl', 'cpu', 'wasm', 'webgpu'])('initialises %s when chosen', async (name) => {
    await useBackend(page, name);
    expect(await page.textContent('#backend-status')).toBe(`running on ${name}`);
  });

  it('trains in a Web Worker on WebGPU: the loss falls, pause stops it, the result downloads and loads back', async () => {
    await page.click('#tab-train');
    await page.selectOption('#train-backend', 'webgpu');
    await page.click('#train-start');
    await page.waitForFunction(() => Number(document.getElementById('view-train')!.dataset.step ?? -1) >= 3, undefined, { timeout: 150_000 });
    // The page stays responsive while the worker trains.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.click('#train-pause');
    await page.waitForSelector('#train-resume:not([disabled])');
    const d = await page.evaluate(() => ({ ...document.getElementById('view-train')!.dataset }));
    expect(d.backend).toBe('webgpu');
    expect(Number(d.lastLoss)).toBeLessThan(Number(d.firstLoss));
    await page.screenshot({ path: join(shots, 'train.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#train-download')]);
    expect(download.suggestedFilename()).toBe('reverse-digits-bundle.zip');
    await page.click('#train-open');
    await page.waitForSelector('#byo-summary p', { timeout: 30_000 });
    expect(await page.textContent('#byo-summary')).toMatch(/task translate · architecture transformer-seq2seq · trained \d+ steps/);
  }, 180_000);

  it('a corrupt bundle shows an error naming the file, and the page keeps working', async () => {
    await useBackend(page, 'wasm');
    await page.click('#tab-byo');
    const dir = join(appRoot, 'public', 'bundles', 'reverse-digits');
    const file = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/octet-stream', buffer });
    const good = ['config.json', 'source.tokenizer.json', 'target.tokenizer.json', 'model.safetensors'].map((n) => file(n, readFileSync(join(dir, n))));
    const weights = good[3]!.buffer;
    await page.setInputFiles('#byo-files', [...good.slice(0, 3), file('model.safetensors', weights.subarray(0, weights.length - 100))]);
    await page.waitForSelector('#byo-status.error');
    expect(await page.getAttribute('#byo-status', 'role')).toBe('alert');
    expect(await page.textContent('#byo-status')).toMatch(/^could not load the bundle: model\.safetensors: /);
    expect(await page.locator('#byo-ui').innerHTML()).toBe('');
    await page.screenshot({ path: join(shots, 'bring-your-own-error.png'), fullPage: true });
    // The same files, intact, load and run.
    await page.setInputFiles('#byo-files', good);
    await page.waitForSelector('#byo-tr-input');
    await expectOk(page, '#byo-status');
    await page.fill('#byo-tr-input', '12345');
    await page.click('#byo-tr-run');
    await page.waitForSelector('#byo-tr[data-done]', { timeout: 60_000 });
    // The demo model reverses, and the page agrees with the CLI on the same files.
    const shown = await page.textContent('#byo-tr-output');
    expect(shown).toBe('54321');
    expect(shown).toBe(await cliTranslate(dir, '12345', 1, 20));
    await page.screenshot({ path: join(shots, 'bring-your-own.png'), fullPage: true });
  });

  it('names: generates names of a language and classifies a name; text: continues a prompt', async () => {
    await page.click('#tab-names');
    // Focusing the language list loads the generator and fills the list from the bundle's labels.
    await page.focus('#ng-lang');
    await page.waitForFunction(() => document.querySelectorAll('#ng-lang option').length > 1, undefined, { timeout: 60_000 });
    await page.selectOption('#ng-lang', { label: 'German' });
    await page.click('#ng-run');
    await page.waitForFunction(() => document.querySelectorAll('#ng-list li').length > 0 || document.querySelector('#ng-status.error'), undefined, { timeout: 60_000 });
    await expectOk(page, '#ng-status');
    const names = await page.locator('#ng-list li').allTextContents();
    expect(names).toHaveLength(8);
    for (const n of names) expect(n.trim().length).toBeGreaterThan(0);
    await page.fill('#nc-name', 'Schmidt');
    await page.click('#nc-run');
    await page.waitForFunction(() => document.querySelectorAll('#nc-probs li').length > 0 || document.querySelector('#nc-status.error'), undefined, { timeout: 60_000 });
    await expectOk(page, '#nc-status');
    const probs = await page.locator('#nc-probs meter').evaluateAll((ms) => ms.map((m) => (m as HTMLMeterElement).value));
    expect(probs.length).toBeGreaterThan(1);
    for (let i = 1; i < probs.length; i++) expect(probs[i]!).toBeLessThanOrEqual(probs[i - 1]!);
    await page.screenshot({ path: join(shots, 'names.png'), fullPage: true });

    await page.click('#tab-text');
    await page.fill('#lm-prompt', 'the whale');
    await page.fill('#lm-len', '60');
    await page.click('#lm-run');
    await page.waitForFunction(() => document.getElementById('lm-output')!.textContent || document.querySelector('#lm-status.error'), undefined, { timeout: 60_000 });
    await expectOk(page, '#lm-status');
    const text = (await page.textContent('#lm-output'))!;
    expect(text.startsWith('the whale')).toBe(true);
    expect(text.length).toBeGreaterThan('the whale'.length);
    await page.screenshot({ path: join(shots, 'text.png'), fullPage: true });
  }, 120_000);

  it('works at 375 px wide: nothing overflows sideways', async () => {
    const narrow = await e2e.browser.newPage({ viewport: { width: 375, height: 800 } });
    const narrowErrors = watchErrors(narrow);
    await openPage(narrow, e2e.url, 'translate');
    for (const view of ['translate', 'names', 'text', 'train', 'byo']) {
      await narrow.click(`#tab-${view}`);
      const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `#${view} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
    }
    await narrow.click('#tab-translate');
    await narrow.screenshot({ path: join(shots, 'translate-375px.png'), fullPage: true });
    await narrow.close();
    expect(narrowErrors).toEqual([]);
  });

  it('logged no console errors during the run', () => {
    expect(errors).toEqual([]);
  });
});
