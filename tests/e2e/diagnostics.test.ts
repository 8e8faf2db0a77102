// Settings → Help → Diagnostics in Chromium against the browser host: a restore from a damaged
// backup fails; the timeline shows the failed step and its code; "Export diagnostics" shows the
// whole file and saves it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/ipc/dispatch.ts';
import { createHandlers } from '../../src-main/ipc/handlers.ts';
import { openPage } from '../helpers/browser.ts';
import { openBackupFolder, openSettings, e2eSession, enterRecoveryKey } from './backup-steps.ts';

const { workspace, browser } = e2eSession();

/** Flips one byte in the middle of the first pack: it holds the database's chunks. */
function damageFirstPack(folder: string): void {
  const data = path.join(folder, 'data');
  const [prefix] = readdirSync(data).sort();
  const [pack] = readdirSync(path.join(data, prefix ?? '')).sort();
  const file = path.join(data, prefix ?? '', pack ?? '');
  const bytes = readFileSync(file);
  const at = Math.floor(bytes.length / 3);
  bytes[at] = (bytes[at] ?? 0) ^ 0x40;
  writeFileSync(file, bytes);
}

describe('diagnostics', () => {
  it('shows a failed restore step with its code, and exports the diagnostics file after showing it', async () => {
    const folder = workspace.dir('backup-folder');
    const source = await workspace.host('source', { chats: 3, messages: 800, mediaMb: 1 });
    const call = (name: string, input: unknown) => dispatch(createHandlers(source.context), name, input);
    const setUp = await call('setUpBackup', { location: { kind: 'folder', path: folder } });
    if (!setUp.ok) throw new Error(setUp.error.code);
    expect((await call('backUpNow', {})).ok).toBe(true);
    damageFirstPack(folder);

    const target = await workspace.host('new-computer');
    const { page, errors } = await openPage(browser());
    await page.goto(target.url);
    await openBackupFolder(page, folder);
    await enterRecoveryKey(page, (setUp.value as { recoveryKey: string }).recoveryKey);
    await page.getByRole('heading', { name: 'Choose a backup to restore' }).waitFor();
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    await page.getByRole('heading', { name: 'Restore failed' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/\(BACKUP_OBJECT_CORRUPT\)/);

    await page.goto(target.url);
    await openSettings(page);
    const card = page.getByRole('region', { name: 'Diagnostics', exact: true });
    const activity = card.getByRole('list', { name: 'Recent activity' });
    const restore = activity.getByRole('listitem').filter({ hasText: 'Restore · Failed' }).first();
    await restore.waitFor();
    expect(await restore.innerText()).toContain('BACKUP_OBJECT_CORRUPT');
    expect(await restore.getByRole('list', { name: 'Steps of restore' }).innerText()).toMatch(
      /stage-database: failed in [\d.]+ s \(BACKUP_OBJECT_CORRUPT\)/,
    );

    await card.getByRole('button', { name: 'Export diagnostics' }).click();
    const preview = card.getByLabel('Diagnostics preview');
    await preview.waitFor();
    const shown = await preview.innerText();
    expect(shown).toContain('"format": "companion-diagnostics"');
    await card.screenshot({ path: '/tmp/companion-diagnostics.png' });
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Save file' }).click()]);
    const saved = readFileSync(await download.path(), 'utf8');
    expect(saved).toBe(shown.endsWith('\n') ? shown : `${shown}\n`);
    const bundle = JSON.parse(saved) as { journal: { kind: string; outcome: string; code: string | null }[] };
    expect(bundle.journal).toContainEqual(expect.objectContaining({ kind: 'restore', outcome: 'failed', code: 'BACKUP_OBJECT_CORRUPT' }));
    expect(saved).not.toContain(folder);
    expect(errors).toEqual([]);
  });
});
