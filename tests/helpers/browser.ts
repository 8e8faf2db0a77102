// Real Chromium for the browser tests: Debian's build, driven by playwright-core (Playwright cannot
// download its own browser here). Pages record their errors so a test can insist on a clean console.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../setup/ensure-chromium.ts';
import { repoRoot } from './profile.ts';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** out/renderer, which `npm run test:e2e` builds first; says what to run when it is missing. */
export function builtRendererDir(): string {
  const dir = path.join(repoRoot, 'out/renderer');
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build:renderer` (or `npm run test:e2e`, which builds it).');
  }
  return dir;
}

export interface RecordedPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  readonly errors: string[];
}

export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<RecordedPage> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return { page, errors };
}
