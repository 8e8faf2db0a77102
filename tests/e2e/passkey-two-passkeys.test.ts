// Acceptance 5: two passkeys protect one backup, each on its own authenticator (two pages, since a
// virtual authenticator belongs to one page). Either alone unlocks the backup on an empty profile;
// once one is removed, it no longer does, while the other still does. Rename and "Test passkey" too.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../src-main/web/start-web-host.ts';
import { openPage } from '../helpers/browser.ts';
import {
  addAuthenticator,
  backUpNow,
  openBackupFolder,
  openSettings,
  passkeyRows,
  securityCard,
  turnOnPasskeys,
  unlockWithPasskey,
  e2eSession,
} from './backup-steps.ts';

const { workspace, browser } = e2eSession();

describe('two passkeys for one backup', () => {
  const folder = workspace.dir('backup-folder');
  let hostA: WebHost;
  let emptyHost: WebHost;
  /** Each page carries its own authenticator, holding one of the two passkeys. */
  let first: Page;
  let second: Page;

  beforeAll(async () => {
    hostA = await workspace.host('computer-a', { chats: 2, messages: 300, mediaMb: 0 });
    emptyHost = await workspace.host('new-computer');
    ({ page: first } = await openPage(browser()));
    ({ page: second } = await openPage(browser()));
    await addAuthenticator(await first.context().newCDPSession(first));
    await addAuthenticator(await second.context().newCDPSession(second));
  });

  async function tryUnlock(page: Page): Promise<void> {
    await page.goto(emptyHost.url);
    await openBackupFolder(page, folder);
  }

  it('enrols a passkey on each authenticator', async () => {
    await first.goto(hostA.url);
    await openSettings(first);
    await turnOnPasskeys(first, folder);
    await passkeyRows(first).first().waitFor();
    await backUpNow(first);

    await second.goto(hostA.url);
    await openSettings(second);
    await passkeyRows(second).first().waitFor();
    await securityCard(second).getByRole('button', { name: 'Add another passkey' }).click();
    await securityCard(second).getByRole('status').filter({ hasText: '“Passkey 2” now protects your backups.' }).waitFor();
    await expect
      .poll(() => passkeyRows(second).allInnerTexts())
      .toEqual([expect.stringMatching(/^Passkey 1/), expect.stringMatching(/^Passkey 2/)]);
  });

  it('renames and tests a passkey with its own ceremony', async () => {
    const row = passkeyRows(second).filter({ hasText: 'Passkey 2' });
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByRole('textbox', { name: 'New name' }).fill('Work laptop');
    await row.getByRole('button', { name: 'Save name' }).click();
    await securityCard(second).getByRole('status').filter({ hasText: 'Renamed to “Work laptop”.' }).waitFor();
    const renamed = passkeyRows(second).filter({ hasText: 'Work laptop' });
    await renamed.getByRole('button', { name: 'Test passkey' }).click();
    await securityCard(second).getByRole('status').filter({ hasText: '“Work laptop” unlocks your backups.' }).waitFor();
    expect(await passkeyRows(second).count()).toBe(2);
  });

  it('unlocks the backup on an empty profile with either passkey alone', async () => {
    await tryUnlock(first);
    await unlockWithPasskey(first);
    await tryUnlock(second);
    const protectors = await second.getByRole('list', { name: 'Passkeys that protect this backup' }).innerText();
    expect(protectors).toContain('Passkey 1');
    expect(protectors).toContain('Work laptop');
    await unlockWithPasskey(second);
  });

  it('no longer unlocks with a passkey once it is removed; the other one still does', async () => {
    await second.goto(hostA.url);
    await openSettings(second);
    const row = passkeyRows(second).filter({ hasText: 'Passkey 1' });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('group', { name: 'Remove Passkey 1?' }).getByRole('button', { name: 'Remove' }).click();
    await securityCard(second).getByRole('status').filter({ hasText: 'Removed “Passkey 1”.' }).waitFor();
    await expect.poll(() => passkeyRows(second).allInnerTexts()).toEqual([expect.stringMatching(/^Work laptop/)]);

    await tryUnlock(first);
    expect(await first.getByRole('list', { name: 'Passkeys that protect this backup' }).innerText()).not.toContain('Passkey 1');
    await first.getByRole('button', { name: 'Unlock with passkey' }).click();
    const alert = first.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/\((PASSKEY_CEREMONY_CANCELLED|PASSKEY_NOT_FOUND)\)/);
    expect(await first.getByRole('heading', { name: 'Choose a backup to restore' }).count()).toBe(0);
    await first.screenshot({ path: '/tmp/companion-passkey-removed.png', fullPage: true });

    await tryUnlock(second);
    await unlockWithPasskey(second);
  });
});
