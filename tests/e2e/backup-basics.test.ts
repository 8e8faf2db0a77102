// Chat backup basics and the recovery-key restore, in Chromium against two browser hosts: set up a
// backup folder (recovery key shown once), back up with progress, cancel a backup, then restore on
// an empty profile with the recovery key, through a mistyped and a wrong key first.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src-main/ipc/handlers.ts';
import { listChats } from '../../src-main/store/read-chats.ts';
import type { WebHost } from '../../src-main/web/start-web-host.ts';
import { flipBit } from '../helpers/backup-fixture.ts';
import { openPage, type RecordedPage } from '../helpers/browser.ts';
import {
  backUpNow,
  chatBackupCard,
  chatTitles,
  confirmRecoveryKey,
  openBackupFolder,
  openSettings,
  restoreNewest,
  e2eSession,
  enterRecoveryKey,
} from './backup-steps.ts';

const screenshots = '/tmp/companion-backup';

const { workspace, browser } = e2eSession();

describe('chat backup and recovery-key restore', () => {
  const folder = workspace.dir('backup-folder');
  let hostA: WebHost;
  let recorded: RecordedPage;
  let page: Page;
  let recoveryKey = '';

  beforeAll(async () => {
    // Enough media that a backup runs for a moment: long enough to see progress and cancel it.
    // Enough media that a backup lasts seconds, so the cancel always lands while it runs.
    hostA = await workspace.host('computer-a', { chats: 6, messages: 6_000, mediaMb: 240 });
    recorded = await openPage(browser());
    page = recorded.page;
  });

  it('sets up a backup folder and shows the recovery key once, behind a confirmation', async () => {
    await page.goto(hostA.url);
    await openSettings(page);
    const card = chatBackupCard(page);
    await card.getByRole('button', { name: 'Set up backup' }).click();
    const field = card.getByRole('textbox', { name: 'Backup folder' });
    await field.fill('backups/relative');
    expect(await card.getByRole('button', { name: 'Set up backup' }).isDisabled()).toBe(true);
    await field.fill(folder);
    await card.getByRole('button', { name: 'Set up backup' }).click();
    await page.getByLabel('Recovery key', { exact: true }).waitFor();
    await page.screenshot({ path: `${screenshots}-recovery-key.png`, fullPage: true });
    recoveryKey = await confirmRecoveryKey(page);
    await card.getByText(folder).waitFor();
    expect(await card.getByText('Never').isVisible()).toBe(true);
  });

  it('cancels a running backup from its progress bar, and commits nothing', async () => {
    const card = chatBackupCard(page);
    await card.getByRole('button', { name: 'Back up now' }).click();
    const bar = card.getByRole('progressbar', { name: 'Backup progress' });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 20_000 }).not.toBeNull();
    const detail = await card.getByRole('region', { name: 'Backup progress' }).innerText();
    await card.getByRole('button', { name: 'Cancel backup' }).click();
    expect(detail).toMatch(/\d+(\.\d)? (B|KB|MB) of \d+(\.\d)? (KB|MB|GB) · \d+%/);
    await card.getByRole('status').filter({ hasText: 'Backup cancelled' }).waitFor({ timeout: 20_000 });
    expect(await card.getByText('Never').isVisible()).toBe(true);
  });

  it('backs up, then shows the last backup’s time and size', async () => {
    await backUpNow(page);
    const card = chatBackupCard(page);
    await expect.poll(() => card.getByText('Never').count()).toBe(0);
    expect(await card.innerText()).toMatch(/Backup size\s*\d+(\.\d)? MB \(\d+(\.\d)? MB new\)/i);
    await page.screenshot({ path: `${screenshots}-settings.png`, fullPage: true });
  });

  it('asks before a restore replaces the chats already on this computer', async () => {
    const before = listChats(hostA.context.store.db);
    await chatBackupCard(page).getByRole('button', { name: 'Restore from backup' }).click();
    await page.getByRole('textbox', { name: 'Backup folder' }).fill(folder);
    await page.getByRole('button', { name: 'Open backup' }).click();
    await enterRecoveryKey(page, recoveryKey);
    const restore = page.getByRole('button', { name: 'Restore this backup' });
    await restore.waitFor();
    const replace = page.getByRole('group', { name: 'Replace the chats on this computer' });
    expect(await replace.innerText()).toContain(`already has ${before.length} chats`);
    expect(await restore.isDisabled()).toBe(true);
    await replace.getByRole('checkbox', { name: 'Replace the chats on this computer' }).check();
    await restore.click();
    await page.getByRole('button', { name: 'Open chats' }).click({ timeout: 60_000 });
    expect(await chatTitles(page, before.length)).toEqual(before.map((chat) => chat.title));
  });

  it('restores on an empty profile with the recovery key (chats open before the media are in), after refusing a mistyped key', async () => {
    const hostB = await workspace.host('computer-b');
    await page.goto(hostB.url);
    await page.getByRole('heading', { name: 'Bring your chats to this computer' }).waitFor();
    await page.screenshot({ path: `${screenshots}-first-run.png`, fullPage: true });
    await page.getByRole('button', { name: 'Restore from backup' }).click();
    await page.getByRole('textbox', { name: 'Backup folder' }).fill(folder);
    await page.screenshot({ path: `${screenshots}-restore-folder.png`, fullPage: true });
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await openBackupFolder(page, folder);
    // No passkey protects this backup: only the recovery key is offered.
    expect(await page.getByRole('button', { name: 'Unlock with passkey' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Use recovery key instead' }).click();
    const input = page.getByRole('textbox', { name: 'Recovery key' });

    // One character changed: the check digit catches it before any decryption.
    const typo = recoveryKey.slice(0, 5) + (recoveryKey[5] === 'A' ? 'B' : 'A') + recoveryKey.slice(6);
    await input.fill(typo);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/typing mistake.*\(RECOVERY_KEY_TYPO\)/s);
    expect(await input.inputValue()).toBe('');

    await page.getByRole('button', { name: 'Dismiss error' }).click();
    await input.fill(recoveryKey.toLowerCase().replaceAll('-', ' '));
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Choose a backup to restore' }).waitFor();
    // Watch for the moment "Open chats" is offered while the restore is still running (media after messages).
    await page.evaluate(() => {
      const state = window as unknown as { openWhileRunning?: boolean };
      state.openWhileRunning = false;
      new MutationObserver(() => {
        const running = document.querySelector('[role="progressbar"][aria-label="Restore progress"]') !== null;
        const open = Array.from(document.querySelectorAll('button')).some((button) => button.textContent === 'Open chats');
        if (running && open) state.openWhileRunning = true;
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await restoreNewest(page, `${screenshots}-restored.png`);
    expect(await page.evaluate(() => (window as unknown as { openWhileRunning?: boolean }).openWhileRunning)).toBe(true);
    const expected = listChats(hostA.context.store.db).map((chat) => chat.title);
    expect(await chatTitles(page, expected.length)).toEqual(expected);
    await page.screenshot({ path: `${screenshots}-chats-after-restore.png`, fullPage: true });
    expect(recorded.errors).toEqual([]);
  });

  it('refuses a valid recovery key of another backup with its own message', async () => {
    const hostC = await workspace.host('computer-c');
    await page.goto(hostC.url);
    // Another backup's recovery key: well-formed, so only the key slots can tell it is not this one's.
    const other = workspace.dir('other-backup');
    const { recoveryKey: otherKey } = await createHandlers(hostC.context).setUpBackup({ location: { kind: 'folder', path: other } });
    expect(otherKey).not.toBe(recoveryKey);
    await openBackupFolder(page, folder);
    await enterRecoveryKey(page, otherKey);
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/does not belong to this backup.*\(RECOVERY_KEY_WRONG\)/s);
  });

  it('cancels a restore from its progress bar, leaving the empty profile empty', async () => {
    const hostE = await workspace.host('computer-e');
    await page.goto(hostE.url);
    await openBackupFolder(page, folder);
    await enterRecoveryKey(page, recoveryKey);
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    await page.getByRole('button', { name: 'Cancel restore' }).click();
    await page.getByRole('heading', { name: 'Restore cancelled' }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('status').filter({ hasText: 'Restore cancelled' }).innerText()).toContain('not changed');
    expect(listChats(hostE.context.store.db)).toEqual([]);
  });

  it('reports a damaged backup with its own message: messages restored first, the damaged media refused', async () => {
    // Flip one byte in the middle of the largest file of the backup: a pack of media or database chunks.
    const largest = largestFile(folder);
    flipBit(largest, statSync(largest).size >> 1);

    const hostD = await workspace.host('computer-d');
    await page.goto(hostD.url);
    await openBackupFolder(page, folder);
    await enterRecoveryKey(page, recoveryKey);
    await page.getByRole('heading', { name: 'Choose a backup to restore' }).waitFor();
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    // The largest file holds media: the messages are in (and readable) before the damage is found.
    await page.getByRole('heading', { name: 'Media could not be restored' }).waitFor({ timeout: 60_000 });
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toMatch(/\((BACKUP_OBJECT_CORRUPT|BACKUP_OBJECT_TRUNCATED|BACKUP_OBJECT_MISMATCH)\)/);
    expect(alert).toMatch(/backup check/i);
    await page.screenshot({ path: `${screenshots}-damaged.png`, fullPage: true });
    expect(listChats(hostD.context.store.db)).toEqual(listChats(hostA.context.store.db));
    await page.getByRole('button', { name: 'Open chats' }).click();
    await chatTitles(page, listChats(hostA.context.store.db).length);
  });

  it('names a backup whose manifest is damaged and still lists the others', async () => {
    await page.goto(hostA.url);
    await openSettings(page);
    await backUpNow(page);
    const snapshots = path.join(folder, 'snapshots');
    const newest = readdirSync(snapshots)
      .map((name) => path.join(snapshots, name))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (newest === undefined) throw new Error('no snapshot in the backup folder');
    flipBit(newest, statSync(newest).size >> 1);

    const hostF = await workspace.host('computer-f');
    await page.goto(hostF.url);
    await openBackupFolder(page, folder);
    await enterRecoveryKey(page, recoveryKey);
    await page.getByRole('heading', { name: 'Choose a backup to restore' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(1);
    expect(await page.getByRole('alert').innerText()).toMatch(/1 backup in this folder could not be read.*\(BACKUP_OBJECT_CORRUPT\)/s);
    await page.screenshot({ path: `${screenshots}-unreadable-snapshot.png`, fullPage: true });

    // The computer that made it says so in its history too.
    await page.goto(hostA.url);
    await openSettings(page);
    const notice = chatBackupCard(page).getByRole('alert').filter({ hasText: 'could not be read' });
    expect(await notice.innerText()).toMatch(/1 snapshot in the backup could not be read.*\(BACKUP_OBJECT_CORRUPT\)/s);
  });
});

function largestFile(dir: string): string {
  let best = { file: '', size: -1 };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const { size } = statSync(file);
    if (size > best.size) best = { file, size };
  }
  return best.file;
}
