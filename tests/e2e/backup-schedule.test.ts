// Settings → Chats → Chat backup in Chromium against a browser host, with a folder destination: the
// schedule (frequency, media, retention) is saved and shown again after a reload; Back up now adds a
// snapshot to the history with its size and new bytes; an unplugged destination shows the last
// failure with its reason; repeated scheduled failures raise the notice on every screen until a
// backup succeeds; a long history shows its newest ten rows until asked for all; changing the
// destination sets up a new backup there.
import { renameSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src-shared/errors.ts';
import { inProcess } from '../../src-main/backup/job-runner.ts';
import { createHandlers } from '../../src-main/ipc/handlers.ts';
import { readSettings } from '../../src-main/services/profile-settings.ts';
import { runScheduledBackup } from '../../src-main/services/scheduled-backup.ts';
import type { WebHost } from '../../src-main/web/start-web-host.ts';
import { formatBytes } from '../../src-renderer/src/common/format.ts';
import { openPage, type RecordedPage } from '../helpers/browser.ts';
import { backUpNow, chatBackupCard, confirmRecoveryKey, e2eSession, historyRows, openSettings, setUpFolderBackup } from './backup-steps.ts';

const screenshots = '/tmp/companion-schedule';

const { workspace, browser } = e2eSession();

describe('chat backup schedule and history', () => {
  const folder = workspace.dir('backup-folder');
  let host: WebHost;
  let recorded: RecordedPage;
  let page: Page;

  beforeAll(async () => {
    host = await workspace.host('computer', { chats: 3, messages: 1_500, mediaMb: 2 });
    recorded = await openPage(browser());
    page = recorded.page;
  });

  function schedule(currentPage: Page) {
    return chatBackupCard(currentPage).getByRole('region', { name: 'Schedule' });
  }

  it('saves frequency, media and retention, set with the keyboard, and shows them after a reload', async () => {
    await page.goto(host.url);
    await openSettings(page);
    await setUpFolderBackup(page, folder);
    const form = schedule(page);
    expect(await form.getByRole('radio', { name: 'Daily' }).isChecked()).toBe(true);
    expect(await form.getByRole('radio', { name: 'Keep all' }).isChecked()).toBe(true);
    expect(await form.getByRole('switch', { name: 'Include media' }).getAttribute('aria-checked')).toBe('true');

    // Arrow keys move within a radio group; Space flips the switch.
    await form.getByRole('radio', { name: 'Daily' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await form.getByRole('radio', { name: 'Weekly' }).isChecked()).toBe(true);
    await form.getByRole('switch', { name: 'Include media' }).focus();
    await page.keyboard.press('Space');
    await form.getByRole('radio', { name: 'Keep the newest' }).check();
    const keep = form.getByRole('spinbutton', { name: 'Number of snapshots to keep' });
    await keep.fill('0');
    expect(await form.getByRole('button', { name: 'Save schedule' }).isDisabled()).toBe(true);
    await keep.fill('5');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await form.getByRole('status').filter({ hasText: 'Schedule saved.' }).waitFor();
    expect(readSettings(host.context.paths).schedule).toEqual({ frequency: 'weekly', includeMedia: false, keep: 5 });

    await page.reload();
    await openSettings(page);
    const again = schedule(page);
    await again.getByRole('radio', { name: 'Weekly' }).waitFor();
    expect(await again.getByRole('radio', { name: 'Weekly' }).isChecked()).toBe(true);
    expect(await again.getByRole('switch', { name: 'Include media' }).getAttribute('aria-checked')).toBe('false');
    expect(await again.getByRole('radio', { name: 'Keep the newest' }).isChecked()).toBe(true);
    expect(await again.getByRole('spinbutton', { name: 'Number of snapshots to keep' }).inputValue()).toBe('5');
  });

  it('adds each Back up now to the history, newest first, with its size and new bytes', async () => {
    const card = chatBackupCard(page);
    const history = card.getByRole('region', { name: 'History' });
    await history.getByText('No snapshots yet.').waitFor();
    await backUpNow(page);
    await expect.poll(async () => (await historyRows(page)).length).toBe(1);
    await backUpNow(page);
    await expect.poll(async () => (await historyRows(page)).length).toBe(2);

    const made = (await createHandlers(host.context).getBackupHistory({})).snapshots;
    const rows = await historyRows(page);
    expect(rows.map((cells) => cells.slice(1, 3))).toEqual(
      made.map((snapshot) => [formatBytes(snapshot.bytes), formatBytes(snapshot.newBytes ?? -1)]),
    );
    const chats = (await createHandlers(host.context).getStats({})).chats;
    expect(rows.map((cells) => cells[3])).toEqual([String(chats), String(chats)]);
    // The second backup found everything already there: it added far less than the first.
    expect(made[0]?.newBytes ?? Infinity).toBeLessThan((made[1]?.newBytes ?? 0) / 4);
    // innerText follows the CSS (uppercase terms); the date is in the page's en-US locale.
    expect(await history.innerText()).toMatch(/Last success\s*[A-Z][a-z]{2} \d{1,2}, \d{4}/i);
    expect(await history.innerText()).toContain('None since the last success');
    await history.screenshot({ path: `${screenshots}-history.png` });
  });

  it('shows the last failure with its reason when the destination folder is gone', async () => {
    renameSync(folder, `${folder}-unplugged`);
    const card = chatBackupCard(page);
    await card.getByRole('button', { name: 'Back up now' }).click();
    await expect.poll(() => card.getByRole('alert').innerText()).toMatch(/Backup failed.*\(BACKUP_DESTINATION_UNAVAILABLE\)/s);
    const history = card.getByRole('region', { name: 'History' });
    await history.getByText('(Back up now)').waitFor();
    const text = await history.innerText();
    expect(text).toContain('Why the last backup failed');
    expect(text).toContain(errorCatalogue.BACKUP_DESTINATION_UNAVAILABLE.summary);
    expect(text).toContain(errorCatalogue.BACKUP_DESTINATION_UNAVAILABLE.userAction);
    expect(text).toContain('The snapshots cannot be listed right now');
    await page.screenshot({ path: `${screenshots}-failure.png`, fullPage: true });
  });

  it('shows a notice on every screen after repeated scheduled failures, until a backup succeeds', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(runScheduledBackup(host.context, inProcess)).rejects.toMatchObject({ code: 'BACKUP_DESTINATION_UNAVAILABLE' });
    }
    await page.reload();
    const notice = page.getByRole('status', { name: 'Backup notice' });
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/3 scheduled backups failed.*\(BACKUP_DESTINATION_UNAVAILABLE\)/s);
    await page.screenshot({ path: `${screenshots}-notice.png`, fullPage: true });
    await notice.getByRole('button', { name: 'Open backup settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await notice.isVisible()).toBe(true);
    await chatBackupCard(page).getByRole('region', { name: 'History' }).getByText('(scheduled)').waitFor();

    renameSync(`${folder}-unplugged`, folder);
    await backUpNow(page);
    await notice.waitFor({ state: 'detached' });
    await chatBackupCard(page).getByText('None since the last success').waitFor();
    await expect.poll(async () => (await historyRows(page)).length).toBe(3);
    expect(recorded.errors).toEqual([]);
  });

  it('shows the newest ten snapshots, and all of them on request', async () => {
    const handlers = createHandlers(host.context);
    for (let made = 3; made < 12; made++) await handlers.backUpNow({});
    await page.reload();
    await openSettings(page);
    const history = chatBackupCard(page).getByRole('region', { name: 'History' });
    const more = history.getByRole('button', { name: 'Show all 12 snapshots' });
    await more.waitFor();
    expect(await historyRows(page)).toHaveLength(10);
    await more.click();
    await expect.poll(async () => (await historyRows(page)).length).toBe(12);
    expect(await more.count()).toBe(0);
  });

  it('changes the destination by setting up a new backup there, with a new recovery key', async () => {
    const card = chatBackupCard(page);
    const other = workspace.dir('second-folder');
    await card.getByRole('button', { name: 'Change destination' }).click();
    expect(await card.getByRole('note').innerText()).toContain('new recovery key');
    await card.getByRole('textbox', { name: 'Backup folder' }).fill(other);
    await card.getByRole('button', { name: 'Set up backup here' }).click();
    await confirmRecoveryKey(page);
    await card.getByText(other).waitFor();
    await card.getByRole('region', { name: 'History' }).getByText('No snapshots yet.').waitFor();
    expect(readSettings(host.context.paths).backupRepository).toEqual({ kind: 'folder', path: other });
  });
});
