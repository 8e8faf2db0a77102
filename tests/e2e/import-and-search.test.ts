// The whole first-run journey in a real browser against the real browser host: empty state, import
// through the file input, the chat and its messages, search with highlighted hits, open a hit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChats } from '../../src-main/store/read-chats.ts';
import { startWebHost, type WebHost } from '../../src-main/web/start-web-host.ts';
import { builtRendererDir, launchBrowser, openPage, type RecordedPage } from '../helpers/browser.ts';
import { fixturesDir } from '../helpers/profile.ts';

const screenshotPath = '/tmp/companion-ui.png';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
});

function fileInput(page: Page) {
  return page.getByLabel('Chat export file (.txt or .zip)');
}

async function importFixture(page: Page, name: string): Promise<void> {
  await fileInput(page).setInputFiles(path.join(fixturesDir, name));
  await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
}

/** An Android-style export large enough that its import is still running when we cancel it. */
function writeLargeExport(file: string, lines: number): void {
  const parts: string[] = [];
  for (let index = 0; index < lines; index += 1) {
    const date = new Date(Date.UTC(2021, 0, 1) + index * 60_000);
    const hour = date.getUTCHours();
    const clock = `${hour % 12 === 0 ? 12 : hour % 12}:${String(date.getUTCMinutes()).padStart(2, '0')} ${hour < 12 ? 'AM' : 'PM'}`;
    const day = `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${String(date.getUTCFullYear()).slice(2)}`;
    parts.push(`${day}, ${clock} - ${index % 2 === 0 ? 'Noor' : 'Kai'}: line ${index} of a long conversation\n`);
  }
  writeFileSync(file, parts.join(''));
}

function chatTitleOf(host: WebHost, fileStem: string): string {
  const chat = listChats(host.context.store.db).find(
    (candidate) => candidate.title.includes(fileStem) || fileStem.includes(candidate.title),
  );
  return chat?.title ?? fileStem;
}

describe('import and search in the browser host', () => {
  // One host and one page for the whole journey: each step builds on the one before.
  const profileDir = mkdtempSync(path.join(tmpdir(), 'companion-e2e-'));
  let host: WebHost;
  let recorded: RecordedPage;

  beforeAll(async () => {
    host = await startWebHost({ profileDir, rendererDir: builtRendererDir(), port: 0 });
    recorded = await openPage(browser);
  });

  afterAll(async () => {
    await recorded.page.context().close();
    await host.close();
    rmSync(profileDir, { recursive: true, force: true });
  });

  it('explains what to do when there are no chats, and drops the token from the address bar', async () => {
    const { page } = recorded;
    await page.goto(host.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Bring your chats to this computer' }).isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).isVisible()).toBe(true);
    expect(await page.getByRole('search', { name: 'Search messages' }).isVisible()).toBe(true);
  });

  it('imports a .zip with media and shows its chat, messages and stored image', async () => {
    const { page } = recorded;
    await importFixture(page, 'ios-with-media.zip');
    const title = chatTitleOf(host, 'ios-with-media');
    const chats = page.getByRole('navigation', { name: 'Chats' });
    await chats.getByRole('button', { name: new RegExp(title) }).waitFor();

    const messages = page.getByRole('region', { name: `Messages in ${title}` });
    await messages.getByText('Booked. Confirmation:').waitFor();
    // Opened at the latest message.
    expect(await messages.getByRole('link', { name: /Download 00000013-AUDIO/ }).isVisible()).toBe(true);
    await messages.getByText('This message was deleted').first().waitFor();

    const image = messages.getByRole('img', { name: '00000012-PHOTO-2024-02-03-09-18-11.jpg' });
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  });

  it('imports a .txt and shows a multi-line message as its lines, at the export’s wall-clock time', async () => {
    const { page } = recorded;
    await importFixture(page, 'android-en-us.txt');
    const title = chatTitleOf(host, 'android-en-us');
    await page
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('button', { name: new RegExp(title) })
      .waitFor();

    const messages = page.getByRole('region', { name: `Messages in ${title}` });
    const multiLine = messages.getByRole('listitem').filter({ hasText: 'the one with the trains' });
    await multiLine.waitFor();
    const text = await multiLine.innerText();
    expect(text).toContain('also: can you bring the board game?\nthe one with the trains, not the long one');
    // The page runs in Europe/Berlin; the export said 12:01 PM, and that is what must show.
    expect(text).toContain('12:01 PM');
    expect(await messages.getByText('Media omitted').isVisible()).toBe(true);
  });

  it('finds a word, highlights it in the results, and opens the hit in its chat', async () => {
    const { page } = recorded;
    // Start from the other chat, so opening the hit has to switch chats.
    const zipTitle = chatTitleOf(host, 'ios-with-media');
    await page
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('button', { name: new RegExp(zipTitle) })
      .click();

    await page.getByRole('searchbox', { name: 'Search messages' }).fill('ferry');
    const results = page.getByRole('region', { name: 'Search results' });
    const hit = results.getByRole('button', { name: /Did anyone check the ferry times/ });
    await hit.waitFor();
    expect(await hit.locator('mark').allInnerTexts()).toEqual(['ferry']);

    await page.getByRole('searchbox', { name: 'Search messages' }).fill('trains');
    const trainsHit = results.getByRole('button', { name: /trains/ });
    await trainsHit.waitFor();
    expect(await trainsHit.locator('mark').allInnerTexts()).toEqual(['trains']);
    await trainsHit.click();

    const title = chatTitleOf(host, 'android-en-us');
    const messages = page.getByRole('region', { name: `Messages in ${title}` });
    const target = messages.locator('.is-highlighted');
    await target.waitFor();
    expect(await target.innerText()).toContain('the one with the trains');
    expect(await target.isVisible()).toBe(true);
    // Keyboard users land in the message list.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Messages in ${title}`);
    await page.screenshot({ path: screenshotPath });
  });

  it('shows a clear error with its code for a file that is not a chat export', async () => {
    const { page } = recorded;
    await page.getByRole('button', { name: 'Clear search' }).click();
    await fileInput(page).setInputFiles({ name: 'shopping-list.txt', mimeType: 'text/plain', buffer: Buffer.from('eggs\nmilk\nbread\n') });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/not a chat export.*\(IMPORT_NOT_AN_EXPORT\)/s);
    await alert.getByRole('button', { name: 'Dismiss error' }).click();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('shows progress while a large import runs, and cancels it without adding a chat', async () => {
    const { page } = recorded;
    const file = path.join(profileDir, 'WhatsApp Chat with Noor.txt');
    writeLargeExport(file, 400_000);
    await fileInput(page).setInputFiles(file);
    const panel = page.getByRole('region', { name: 'Import progress' });
    // Past the upload: main's own phase and percentage, from progress events under our operation id.
    await expect.poll(() => panel.innerText(), { timeout: 20_000 }).toMatch(/^(?!.*Sending file).*· \d+%/s);
    expect(await panel.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow')).not.toBeNull();
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await page.getByRole('status').filter({ hasText: 'Import cancelled' }).waitFor();
    expect(listChats(host.context.store.db)).toHaveLength(2);
  });

  it('keeps working after a reload, with the session cookie instead of the token', async () => {
    const { page, errors } = recorded;
    await page.reload();
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button').nth(1).waitFor();
    expect(await page.getByRole('navigation', { name: 'Chats' }).getByRole('button').count()).toBe(2);
    // No CSP violations, no uncaught errors, no failed requests along the way.
    expect(errors).toEqual([]);
  });
});
