// Shared steps for the backup and passkey journeys: hosts over seeded or empty profiles, a CDP virtual
// authenticator, and the UI steps a person takes (set up, back up, restore). Not a test file itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { seedStore } from '../../src-main/seed/seed-store.ts';
import { listChats, readStats } from '../../src-main/store/read-chats.ts';
import { readMessages } from '../../src-main/store/read-messages.ts';
import { ensureProfile } from '../../src-main/store/profile.ts';
import { startWebHost, type WebHost } from '../../src-main/web/start-web-host.ts';
import { builtRendererDir, launchBrowser } from '../helpers/browser.ts';

/** A browser and a workspace for one test file: launched before its tests, closed after them. */
export function e2eSession(): { readonly workspace: Workspace; readonly browser: () => Browser } {
  const workspace = new Workspace();
  let browser: Browser | null = null;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await workspace.close();
  });
  return {
    workspace,
    browser: () => {
      if (browser === null) throw new Error('the browser starts in beforeAll');
      return browser;
    },
  };
}

/** Temp folders and hosts of one test file, removed in afterAll. */
export class Workspace {
  readonly root = mkdtempSync(path.join(tmpdir(), 'companion-backup-e2e-'));
  private readonly hosts: WebHost[] = [];

  dir(name: string): string {
    return path.join(this.root, name);
  }

  async host(name: string, seed?: { chats: number; messages: number; mediaMb: number }): Promise<WebHost> {
    const profileDir = this.dir(name);
    if (seed !== undefined) await seedStore(ensureProfile(profileDir), { ...seed, seed: 7 });
    const host = await startWebHost({ profileDir, rendererDir: builtRendererDir(), port: 0 });
    this.hosts.push(host);
    return host;
  }

  async close(): Promise<void> {
    for (const host of this.hosts.splice(0)) await host.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface AuthenticatorOptions {
  readonly hasPrf?: boolean;
  /** Synced passkeys (BE and BS set), as iCloud Keychain or Google Password Manager make them. */
  readonly synced?: boolean;
}

/** A CTAP2.1 platform authenticator with user verification, belonging to this page only. */
export async function addAuthenticator(cdp: CDPSession, options: AuthenticatorOptions = {}): Promise<string> {
  await cdp.send('WebAuthn.enable');
  const synced = options.synced ?? true;
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf: options.hasPrf ?? true,
      defaultBackupEligibility: synced,
      defaultBackupState: synced,
    },
  });
  return authenticatorId;
}

export async function credentialCount(cdp: CDPSession, authenticatorId: string): Promise<number> {
  return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length;
}

export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
}

export function chatBackupCard(page: Page) {
  return page.getByRole('region', { name: 'Chat backup' });
}

export function securityCard(page: Page) {
  return page.getByRole('region', { name: 'Security' });
}

/** Reads the recovery key shown once, ticks the confirmation and continues; returns the key. */
export async function confirmRecoveryKey(page: Page): Promise<string> {
  const shown = page.getByLabel('Recovery key', { exact: true });
  await shown.waitFor();
  const recoveryKey = (await shown.innerText()).trim();
  expect(recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4,5}){12}$/);
  const next = page.getByRole('button', { name: 'Continue' });
  expect(await next.isDisabled()).toBe(true);
  await page.getByRole('checkbox', { name: 'I have saved my recovery key' }).check();
  await next.click();
  await shown.waitFor({ state: 'detached' });
  return recoveryKey;
}

/** Settings → Chat backup → "Set up backup" to a new folder, tested first, through the recovery key shown once. */
export async function setUpFolderBackup(page: Page, folder: string): Promise<string> {
  const card = chatBackupCard(page);
  await card.getByRole('button', { name: 'Set up backup' }).click();
  await card.getByRole('textbox', { name: 'Backup folder' }).fill(folder);
  await card.getByRole('button', { name: 'Test connection' }).click();
  const result = card.getByRole('status', { name: 'Connection test' });
  await expect.poll(() => result.innerText()).toContain('It is empty, ready for a new backup.');
  expect(await result.innerText()).toContain(`Connected to folder ${folder}`);
  await card.getByRole('button', { name: 'Set up backup' }).click();
  return confirmRecoveryKey(page);
}

/** The snapshot rows of the history table, newest first, as their cells' texts. */
export async function historyRows(page: Page): Promise<string[][]> {
  const rows = chatBackupCard(page).getByRole('table', { name: 'Snapshots, newest first' }).locator('tbody tr');
  return rows.evaluateAll((elements) =>
    elements.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => (cell.textContent ?? '').trim())),
  );
}

export async function backUpNow(page: Page): Promise<void> {
  const card = chatBackupCard(page);
  await card.getByRole('button', { name: 'Back up now' }).click();
  await card.getByRole('status').filter({ hasText: 'Backed up' }).waitFor({ timeout: 60_000 });
}

/** From the empty chats screen (first run) to the unlock step for `folder`. */
export async function openBackupFolder(page: Page, folder: string): Promise<void> {
  await page.getByRole('button', { name: 'Restore from backup' }).click();
  await page.getByRole('heading', { name: 'Restore from backup', level: 1 }).waitFor();
  await page.getByRole('textbox', { name: 'Backup folder' }).fill(folder);
  await page.getByRole('button', { name: 'Open backup' }).click();
  await page.getByRole('heading', { name: 'Unlock your backup' }).waitFor();
}

/** Picks the newest snapshot, restores it, and opens the chats. */
export async function restoreNewest(page: Page, screenshot?: string): Promise<void> {
  await page.getByRole('heading', { name: 'Choose a backup to restore' }).waitFor();
  await page.getByRole('button', { name: 'Restore this backup' }).click();
  const open = page.getByRole('button', { name: 'Open chats' });
  await open.waitFor({ timeout: 60_000 });
  if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
  await open.click();
}

/** The chat titles in the sidebar, in list order. */
export async function chatTitles(page: Page, expected: number): Promise<string[]> {
  const items = page.getByRole('navigation', { name: 'Chats' }).locator('.chat-item__title');
  await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(expected);
  return items.allInnerTexts();
}

/**
 * Settings → Security → "Use passkey for backups" on a profile without backups: choose the folder,
 * save the recovery key, then the passkey ceremony. Returns the recovery key that was shown.
 */
export async function turnOnPasskeys(page: Page, folder: string): Promise<string> {
  const card = securityCard(page);
  const toggle = card.getByRole('switch', { name: 'Use passkey for backups' });
  expect(await toggle.getAttribute('aria-checked')).toBe('false');
  await toggle.click();
  await card.getByRole('textbox', { name: 'Backup folder' }).fill(folder);
  await card.getByRole('button', { name: 'Continue' }).click();
  return confirmRecoveryKey(page);
}

/** The passkeys listed under Security, by label. */
export function passkeyRows(page: Page) {
  return securityCard(page).getByRole('list', { name: 'Passkeys' }).getByRole('listitem');
}

/** Unlock with passkey from the unlock step; resolves once the snapshot list shows. */
export async function unlockWithPasskey(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Unlock with passkey' }).click();
  await page.getByRole('heading', { name: 'Choose a backup to restore' }).waitFor();
}

/** From the unlock step: switches to the recovery key, types `recoveryKey` and unlocks (the outcome is the caller's to check). */
export async function enterRecoveryKey(page: Page, recoveryKey: string): Promise<void> {
  await page.getByRole('button', { name: 'Use recovery key instead' }).click();
  await page.getByRole('textbox', { name: 'Recovery key' }).fill(recoveryKey);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** `target` now holds `source`'s chats and messages, and the newest text of the first chat shows in the UI. */
export async function expectSameChats(page: Page, source: WebHost, target: WebHost): Promise<void> {
  const chats = listChats(source.context.store.db);
  expect(await chatTitles(page, chats.length)).toEqual(chats.map((chat) => chat.title));
  const first = chats[0];
  if (first === undefined) throw new Error('the source profile has no chats');
  const { messages } = readMessages(source.context.store.db, first.id, Math.max(0, first.messageCount - 5), 5);
  const text = messages.filter((message) => message.kind === 'text').at(-1);
  if (text === undefined) throw new Error('no text message near the end of the first chat');
  await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: first.title }).first().click();
  const region = page.getByRole('region', { name: `Messages in ${first.title}` });
  await region
    .getByText(text.body.split('\n')[0] ?? '')
    .first()
    .waitFor({ state: 'attached' });
  expect(readStats(target.context.store.db)).toEqual(readStats(source.context.store.db));
}

export interface SentCall {
  readonly method: string;
  readonly input: unknown;
}

/** Every contract call the page sends over the browser host's WebSocket, as parsed frames. */
export function recordCalls(page: Page): SentCall[] {
  const calls: SentCall[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const frame = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8')) as { method?: string; input?: unknown };
      if (typeof frame.method === 'string') calls.push({ method: frame.method, input: frame.input });
    }),
  );
  return calls;
}
