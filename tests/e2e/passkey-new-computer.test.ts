// Acceptance 1 and 2: turn on "Use passkey for backups" on computer A and back up; on computer B (an
// empty profile) the same passkey restores the chats; on computer C the recovery key shown on A does.
// One page, one virtual authenticator: the synced passkey travels with the page from host to host.
import type { CDPSession, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../src-main/web/start-web-host.ts';
import { openPage, type RecordedPage } from '../helpers/browser.ts';
import {
  addAuthenticator,
  backUpNow,
  credentialCount,
  expectSameChats,
  openBackupFolder,
  openSettings,
  passkeyRows,
  recordCalls,
  restoreNewest,
  securityCard,
  turnOnPasskeys,
  unlockWithPasskey,
  e2eSession,
  type SentCall,
  enterRecoveryKey,
} from './backup-steps.ts';

const screenshots = '/tmp/companion-passkey';

const { workspace, browser } = e2eSession();

describe('a passkey-protected backup on a new computer', () => {
  const folder = workspace.dir('backup-folder');
  let hostA: WebHost;
  let recorded: RecordedPage;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  let recoveryKey = '';
  let calls: SentCall[] = [];

  beforeAll(async () => {
    hostA = await workspace.host('computer-a', { chats: 5, messages: 1_500, mediaMb: 2 });
    recorded = await openPage(browser());
    page = recorded.page;
    cdp = await page.context().newCDPSession(page);
    authenticatorId = await addAuthenticator(cdp, { synced: true });
    calls = recordCalls(page);
  });

  it('turns on "Use passkey for backups": backup key, recovery key once, then the passkey', async () => {
    await page.goto(hostA.url);
    await openSettings(page);
    recoveryKey = await turnOnPasskeys(page, folder);
    const row = passkeyRows(page).first();
    await row.waitFor();
    expect(await passkeyRows(page).count()).toBe(1);
    expect(await row.innerText()).toMatch(/Passkey 1\s*Synced/);
    expect(await securityCard(page).getByRole('switch', { name: 'Use passkey for backups' }).getAttribute('aria-checked')).toBe('true');
    // A synced passkey: no this-device-only warning.
    expect(await securityCard(page).getByText('will not be on a new computer').count()).toBe(0);
    expect(await credentialCount(cdp, authenticatorId)).toBe(1);
    await page.screenshot({ path: `${screenshots}-security.png`, fullPage: true });

    // The same provider again: excludeCredentials stops it, and nothing is added.
    await securityCard(page).getByRole('button', { name: 'Add another passkey' }).click();
    const alert = securityCard(page).getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/already holds a passkey for this backup.*\(PASSKEY_CEREMONY_CANCELLED\)/s);
    expect(await credentialCount(cdp, authenticatorId)).toBe(1);
    expect(await passkeyRows(page).count()).toBe(1);
    await alert.getByRole('button', { name: 'Dismiss error' }).click();
    await backUpNow(page);

    // The PRF output travelled once, in its own field: never inside clientExtensionResults.
    const finish = calls.filter((call) => call.method === 'finishPasskeyEnrollment');
    expect(finish).toHaveLength(1);
    const sent = finish[0]?.input as { prf: { first: string }; registration: { clientExtensionResults: unknown } };
    expect(sent.prf.first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.registration.clientExtensionResults).toEqual({ prf: { enabled: true } });
    expect(JSON.stringify(calls)).not.toContain('"results"');
    // The recovery key went out to be shown, and nothing sent it back; nothing of it was stored in the page.
    expect(JSON.stringify(calls)).not.toContain(recoveryKey);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
    expect(await page.locator('body').innerText()).not.toContain(recoveryKey);
  });

  it('restores on an empty profile with the same passkey', async () => {
    const hostB = await workspace.host('computer-b');
    await page.goto(hostB.url);
    await openBackupFolder(page, folder);
    const protectors = page.getByRole('list', { name: 'Passkeys that protect this backup' });
    expect(await protectors.innerText()).toMatch(/Passkey 1\s*Synced/);
    await page.screenshot({ path: `${screenshots}-unlock.png`, fullPage: true });
    await unlockWithPasskey(page);
    const unlock = calls.filter((call) => call.method === 'unlockBackup').at(-1);
    const unlockInput = unlock?.input as {
      unlock: { kind: string; prf: { first: string }; assertion: { clientExtensionResults: unknown } };
    };
    expect(unlockInput.unlock.kind).toBe('passkey');
    expect(unlockInput.unlock.prf.first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(unlockInput.unlock.assertion.clientExtensionResults).toEqual({});
    await page.screenshot({ path: `${screenshots}-snapshots.png`, fullPage: true });
    await restoreNewest(page);
    await expectSameChats(page, hostA, hostB);
    expect(recorded.errors).toEqual([]);
  });

  it('restores on a third empty profile with the recovery key shown on the first', async () => {
    const hostC = await workspace.host('computer-c');
    await page.goto(hostC.url);
    await openBackupFolder(page, folder);
    await enterRecoveryKey(page, recoveryKey);
    await restoreNewest(page);
    await expectSameChats(page, hostA, hostC);
  });

  it('keeps the backup locked, saying why, when the passkey no longer gives a PRF output', async () => {
    // Re-importing a credential keeps its key pair but not its PRF secret (DESIGN.md): the same
    // passkey still signs, but the authenticator evaluates no PRF for it any more.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    const [credential] = credentials;
    if (credential === undefined) throw new Error('the authenticator holds no credential');
    await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: credential.credentialId });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });

    const hostD = await workspace.host('computer-d');
    await page.goto(hostD.url);
    await openBackupFolder(page, folder);
    await page.getByRole('button', { name: 'Unlock with passkey' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/cannot protect backups.*\(PASSKEY_PRF_UNSUPPORTED\).*recovery key/s);
    expect(await page.getByRole('heading', { name: 'Choose a backup to restore' }).count()).toBe(0);
  });
});
