// The failures the renderer detects itself, each with its catalogue code on screen: passkeys on a
// page whose origin is not the RP ID, a host that went away mid-session (calls and uploads).
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/ipc/dispatch.ts';
import { createHandlers } from '../../src-main/ipc/handlers.ts';
import { openPage } from '../helpers/browser.ts';
import { openSettings, securityCard, e2eSession } from './backup-steps.ts';

const { workspace, browser } = e2eSession();

describe('errors the renderer raises itself', () => {
  it('refuses passkeys on a page whose origin is not the RP ID (127.0.0.1 for localhost): PASSKEY_ORIGIN_REFUSED', async () => {
    const host = await workspace.host('origin', { chats: 1, messages: 20, mediaMb: 0 });
    const setUp = await dispatch(createHandlers(host.context), 'setUpBackup', {
      location: { kind: 'folder', path: workspace.dir('folder') },
    });
    expect(setUp.ok).toBe(true);
    const { page } = await openPage(browser());
    await page.goto(host.url.replace('//localhost:', '//127.0.0.1:'));
    await openSettings(page);
    await securityCard(page).getByRole('switch', { name: 'Use passkey for backups' }).click();
    await expect.poll(() => securityCard(page).getByRole('alert').innerText(), { timeout: 20_000 }).toMatch(/\(PASSKEY_ORIGIN_REFUSED\)/);
    expect(await dispatch(createHandlers(host.context), 'getSecuritySettings', {})).toMatchObject({ ok: true, value: { passkeys: [] } });
  });

  it('says the connection was lost (CONNECTION_LOST) and an upload failed (UPLOAD_FAILED) when the host is gone', async () => {
    const host = await workspace.host('gone', { chats: 1, messages: 20, mediaMb: 0 });
    const { page } = await openPage(browser());
    await page.goto(host.url);
    await openSettings(page);
    await host.close();
    const diagnostics = page.getByRole('region', { name: 'Diagnostics', exact: true });
    await diagnostics.getByRole('button', { name: 'Export diagnostics' }).click();
    await expect.poll(() => diagnostics.getByRole('alert').innerText(), { timeout: 20_000 }).toMatch(/\(CONNECTION_LOST\)/);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chats' }).click();
    await page
      .getByLabel('Chat export file (.txt or .zip)')
      .setInputFiles({ name: 'chat.txt', mimeType: 'text/plain', buffer: Buffer.from('hi\n') });
    await expect.poll(() => page.getByRole('alert').first().innerText(), { timeout: 20_000 }).toMatch(/\(UPLOAD_FAILED\)/);
  });
});
