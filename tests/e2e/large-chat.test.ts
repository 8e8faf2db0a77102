// A chat far larger than a screen: the list must open at the end, reach both ends and the middle,
// and keep the DOM small (virtualized) while every row shows the message at its position.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatWriter } from '../../src-main/store/chat-writer.ts';
import { openStore } from '../../src-main/store/open-store.ts';
import { ensureProfile } from '../../src-main/store/profile.ts';
import { startWebHost, type WebHost } from '../../src-main/web/start-web-host.ts';
import { builtRendererDir, launchBrowser, openPage } from '../helpers/browser.ts';

const total = 200_000;
const needleSeq = 123_456;
const title = 'Very long chat';
/** Far above what one screen needs (about 20), far below the chat's size. */
const maxRenderedRows = 200;

function bodyOf(seq: number): string {
  if (seq === needleSeq) return 'the needle in the haystack';
  return seq % 5 === 0 ? `Message ${seq}\nwith a second line` : `Message ${seq}`;
}

/** Writes the chat straight into the store, in one transaction, as an import would. */
function seedLargeChat(profileDir: string): void {
  const db = openStore(ensureProfile(profileDir).database);
  try {
    db.transaction(() => {
      const writer = new ChatWriter(db, { importKey: 'large-chat', title });
      const senders = ['Ana', 'Ben', 'Chloé'];
      for (let seq = 0; seq < total; seq += 1) {
        const sender = senders[seq % senders.length] ?? null;
        writer.add({ sentAt: Date.UTC(2020, 0, 1) + seq * 90_000, sender, kind: 'text', body: bodyOf(seq), attachments: [] });
      }
      writer.finish();
    })();
  } finally {
    db.close();
  }
}

interface VisibleRows {
  readonly rendered: number;
  /** Positions (seq) of the rows inside the viewport, top to bottom. */
  readonly seqs: number[];
  /** Each visible row's first body line. */
  readonly bodies: string[];
}

function visibleRows(list: Locator): Promise<VisibleRows> {
  return list.evaluate((scroller) => {
    const box = scroller.getBoundingClientRect();
    const rows = Array.from(scroller.querySelectorAll('[role="listitem"]'));
    const visible = rows.filter((row) => {
      const rect = row.getBoundingClientRect();
      return rect.bottom > box.top + 1 && rect.top < box.bottom - 1;
    });
    return {
      rendered: rows.length,
      seqs: visible.map((row) => Number(row.getAttribute('aria-posinset')) - 1),
      bodies: visible.map((row) => row.querySelector('.bubble__body')?.textContent?.split('\n')[0] ?? ''),
    };
  });
}

/** Every visible row shows the message at its position, and positions are contiguous. */
function expectConsistent(rows: VisibleRows): void {
  expect(rows.rendered).toBeLessThan(maxRenderedRows);
  expect(rows.seqs.length).toBeGreaterThan(3);
  rows.seqs.forEach((seq, index) => {
    if (index > 0) expect(seq).toBe((rows.seqs[index - 1] ?? Number.NaN) + 1);
    expect(rows.bodies[index]).toBe(bodyOf(seq).split('\n')[0]);
  });
}

describe('a chat with 200,000 messages', () => {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'companion-large-'));
  let browser: Browser;
  let host: WebHost;
  let page: Page;
  let errors: string[];
  let list: Locator;

  beforeAll(async () => {
    seedLargeChat(profileDir);
    browser = await launchBrowser();
    host = await startWebHost({ profileDir, rendererDir: builtRendererDir(), port: 0 });
    ({ page, errors } = await openPage(browser));
    list = page.getByRole('region', { name: `Messages in ${title}` });
  });

  afterAll(async () => {
    await browser.close();
    await host.close();
    rmSync(profileDir, { recursive: true, force: true });
  });

  it('opens at the latest message with only a screenful of rows in the DOM', async () => {
    await page.goto(host.url);
    await page
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('button', { name: new RegExp(title) })
      .click();
    await list.getByText(`Message ${total - 1}`, { exact: true }).waitFor();
    await expect.poll(async () => (await visibleRows(list)).seqs.at(-1)).toBe(total - 1);
    expectConsistent(await visibleRows(list));
    expect(await page.getByRole('heading', { name: title }).isVisible()).toBe(true);
  });

  it('goes to the first message with Home, then scrolls on past the edge of the loaded window', async () => {
    await list.focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await visibleRows(list)).seqs[0]).toBe(0);
    expectConsistent(await visibleRows(list));

    // The list holds a window of the chat; scrolling to its bottom slides it on, keeping the reader's place.
    for (let step = 0; step < 3; step += 1) {
      const before = await visibleRows(list);
      await list.evaluate((scroller) => scroller.scrollTo({ top: scroller.scrollHeight }));
      await expect.poll(async () => (await visibleRows(list)).seqs[0]).toBeGreaterThan(before.seqs[0] ?? 0);
      await page.waitForTimeout(400);
    }
    const after = await visibleRows(list);
    expectConsistent(after);
    // Past the first window (the list holds 50,000 rows at a time).
    expect(after.seqs[0]).toBeGreaterThan(50_000);
  });

  it('opens a search hit in the middle of the chat', async () => {
    await page.getByRole('searchbox', { name: 'Search messages' }).fill('needle');
    await page
      .getByRole('region', { name: 'Search results' })
      .getByRole('button', { name: /needle/ })
      .click();
    await expect.poll(async () => (await visibleRows(list)).seqs.includes(needleSeq)).toBe(true);
    const rows = await visibleRows(list);
    expect(rows.rendered).toBeLessThan(maxRenderedRows);
    expect(await list.locator('.is-highlighted').innerText()).toContain('the needle in the haystack');
    expect(errors).toEqual([]);
  });
});
