// Acceptance 3, 4 and 6: a provider without PRF is refused with its own message and nothing is
// enrolled; device-bound passkeys bring the this-device-only warning; a ceremony whose user
// verification fails shows a clear error and changes nothing.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src-main/ipc/handlers.ts';
import type { WebHost } from '../../src-main/web/start-web-host.ts';
import { openPage } from '../helpers/browser.ts';
import {
  addAuthenticator,
  credentialCount,
  openBackupFolder,
  openSettings,
  passkeyRows,
  securityCard,
  turnOnPasskeys,
  e2eSession,
} from './backup-steps.ts';

const screenshots = '/tmp/companion-passkey';
const small = { chats: 2, messages: 200, mediaMb: 0 };

const { workspace, browser } = e2eSession();

async function securitySettings(host: WebHost) {
  return createHandlers(host.context).getSecuritySettings({});
}

/** The codes of the ceremonies the host's journal recorded, for support. */
async function journalledCeremonies(host: WebHost): Promise<(string | null)[]> {
  const timeline = await createHandlers(host.context).getDiagnosticsTimeline({});
  return timeline.filter((operation) => operation.kind === 'ceremony').map((operation) => operation.code);
}

describe('a passkey provider without PRF', () => {
  it('is refused with the specific message, and no passkey is half-enrolled', async () => {
    const host = await workspace.host('no-prf', small);
    const { page } = await openPage(browser());
    const cdp = await page.context().newCDPSession(page);
    const noPrfAuthenticator = await addAuthenticator(cdp, { hasPrf: false });
    await page.goto(host.url);
    await openSettings(page);
    await turnOnPasskeys(page, workspace.dir('no-prf-backup'));

    const alert = securityCard(page).getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('This passkey provider cannot protect backups');
    expect(text).toContain('(PASSKEY_PRF_UNSUPPORTED)');
    expect(text).toMatch(/another passkey provider.*recovery key/s);
    await page.screenshot({ path: `${screenshots}-no-prf.png`, fullPage: true });

    expect(await securityCard(page).getByRole('switch', { name: 'Use passkey for backups' }).getAttribute('aria-checked')).toBe('false');
    expect(await passkeyRows(page).count()).toBe(0);
    // The provider was told to forget the credential it made (signalUnknownCredential).
    await expect.poll(() => credentialCount(cdp, noPrfAuthenticator)).toBe(0);
    const settings = await securitySettings(host);
    expect(settings.passkeys).toEqual([]);
    // Main never saw a response, so the renderer told its journal: support can see what happened.
    await expect.poll(() => journalledCeremonies(host)).toContain('PASSKEY_PRF_UNSUPPORTED');
    // The backup itself exists, protected by its recovery key only.
    expect(settings).toMatchObject({ backupConfigured: true, recoverySlots: 1 });
    await page.context().close();
  });
});

describe('device-bound passkeys, and a ceremony that fails user verification', () => {
  let host: WebHost;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;

  beforeAll(async () => {
    host = await workspace.host('device-bound', small);
    ({ page } = await openPage(browser()));
    cdp = await page.context().newCDPSession(page);
    authenticatorId = await addAuthenticator(cdp, { synced: false });
  });

  afterAll(async () => {
    await page.context().close();
  });

  it('warns that this-device-only passkeys will not be on a new computer', async () => {
    await page.goto(host.url);
    await openSettings(page);
    await turnOnPasskeys(page, workspace.dir('device-bound-backup'));
    const row = passkeyRows(page).first();
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Passkey 1\s*This device only/);
    const warning = securityCard(page).getByRole('note').filter({ hasText: 'will not be on a new computer' });
    expect(await warning.isVisible()).toBe(true);
    expect(await warning.innerText()).toMatch(/synced passkey.*recovery key/s);
    expect((await securitySettings(host)).allDeviceBound).toBe(true);
    await page.screenshot({ path: `${screenshots}-device-bound.png`, fullPage: true });
  });

  it('says no passkey for this backup is on this device when a computer without it tries to unlock', async () => {
    const emptyHost = await workspace.host('device-bound-new-computer');
    const { page: other } = await openPage(browser());
    await addAuthenticator(await other.context().newCDPSession(other), { synced: false });
    await other.goto(emptyHost.url);
    await openBackupFolder(other, workspace.dir('device-bound-backup'));
    expect(await other.getByRole('note').filter({ hasText: 'this-device-only' }).isVisible()).toBe(true);
    await other.getByRole('button', { name: 'Unlock with passkey' }).click();
    const alert = other.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/no passkey for this backup on this device.*\(PASSKEY_NOT_FOUND\).*recovery key/is);
    await other.screenshot({ path: `${screenshots}-not-found.png`, fullPage: true });
    expect(await other.getByRole('heading', { name: 'Choose a backup to restore' }).count()).toBe(0);
    await other.context().close();
  });

  it('shows a clear error when user verification fails, and changes nothing', async () => {
    const before = await securitySettings(host);
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    const card = securityCard(page);

    await card.getByRole('button', { name: 'Add another passkey' }).click();
    const alert = card.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/\((PASSKEY_CEREMONY_CANCELLED|PASSKEY_USER_NOT_VERIFIED)\)/);
    expect(await alert.innerText()).toMatch(/Try again/);
    await page.screenshot({ path: `${screenshots}-uv-failed.png`, fullPage: true });
    await alert.getByRole('button', { name: 'Dismiss error' }).click();

    await passkeyRows(page).first().getByRole('button', { name: 'Test passkey' }).click();
    const rowAlert = passkeyRows(page).first().getByRole('alert');
    await rowAlert.waitFor();
    expect(await rowAlert.innerText()).toMatch(/\((PASSKEY_CEREMONY_CANCELLED|PASSKEY_USER_NOT_VERIFIED)\)/);

    expect(await passkeyRows(page).count()).toBe(1);
    expect(await securitySettings(host)).toEqual(before);
    await expect.poll(() => journalledCeremonies(host)).toContain('PASSKEY_CEREMONY_CANCELLED');
  });

  it('turns "Use passkey for backups" off after a confirmation, leaving the recovery key', async () => {
    const card = securityCard(page);
    const toggle = card.getByRole('switch', { name: 'Use passkey for backups' });
    await toggle.click();
    await card.getByRole('group', { name: 'Stop using passkeys' }).getByRole('button', { name: 'Keep passkeys' }).click();
    expect((await securitySettings(host)).passkeys).toHaveLength(1);
    await toggle.click();
    await card.getByRole('group', { name: 'Stop using passkeys' }).getByRole('button', { name: 'Remove passkeys' }).click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    expect(await securitySettings(host)).toMatchObject({ passkeys: [], recoverySlots: 1, allDeviceBound: false });
  });
});
