/**
 * E2E harness: serves the production build with `vite preview` on 127.0.0.1 (a free port) and
 * drives Debian's Chromium through playwright-core with the project's closed-network flags.
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { chromiumArgs, chromiumPath } from '@seqlab/testing/chromium';

/** apps/web. */
export const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A served build plus a browser. */
export interface E2E {
  url: string;
  browser: Browser;
  server: PreviewServer;
  close(): Promise<void>;
}

/** Starts `vite preview` over apps/web/dist (built by `vite build`) and launches Chromium. */
export async function startE2E(): Promise<E2E> {
  if (!existsSync(join(appRoot, 'dist', 'index.html'))) throw new Error('apps/web/dist is missing: run `pnpm --filter @seqlab/web build` first');
  const server = await preview({ root: appRoot, configFile: join(appRoot, 'vite.config.ts'), logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its URL');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  return {
    url,
    browser,
    server,
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.httpServer.close(() => r()));
    },
  };
}

/** Console errors and uncaught exceptions of a page, collected from the moment it is watched. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Opens the page (optionally at `#view`) and waits until a backend runs; returns its name. */
export async function openPage(page: Page, url: string, view = ''): Promise<string> {
  await page.goto(`${url}${view ? `#${view}` : ''}`);
  await page.waitForFunction(() => document.body.dataset.backend, undefined, { timeout: 60_000 });
  return (await page.evaluate(() => document.body.dataset.backend))!;
}
