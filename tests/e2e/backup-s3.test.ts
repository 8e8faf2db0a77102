// Acceptance for issue 5, in Chromium against browser hosts and a real S3-protocol server (s3rver in
// its own process): configure S3 storage in Settings → Chat backup, "Test connection" (a wrong bucket
// and a wrong access key first, each with its catalogue message), set up, "Back up now", see the
// snapshot in the history, then restore from S3 on an empty profile and get the chats back. The
// secret is typed twice and never comes back from main, nor lands in storage or the address bar.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src-shared/errors.ts';
import type { WebHost } from '../../src-main/web/start-web-host.ts';
import { openPage, type RecordedPage } from '../helpers/browser.ts';
import { S3_ACCESS_KEY_ID, startS3Server, type S3TestServer } from '../helpers/s3-server.ts';
import {
  backUpNow,
  chatBackupCard,
  confirmRecoveryKey,
  e2eSession,
  expectSameChats,
  historyRows,
  openSettings,
  restoreNewest,
  enterRecoveryKey,
} from './backup-steps.ts';

const screenshots = '/tmp/companion-s3';
// s3rver checks the access key id but not signatures, so the secret can be one only this test uses:
// finding it anywhere it should not be then means it leaked.
const secret = `e2e-secret-${Math.random().toString(36).slice(2, 12)}`;
const bucket = 'companion';
const prefix = 'e2e/laptop';

const { workspace, browser } = e2eSession();
let server: S3TestServer;
beforeAll(async () => {
  server = await startS3Server([bucket]);
});
afterAll(async () => {
  await server.dispose();
});

interface S3Values {
  readonly bucket: string;
  readonly accessKeyId: string;
}

/** Chooses S3-compatible storage in `scope` and fills its fields for the test server. */
async function fillS3(scope: Locator, values: S3Values = { bucket, accessKeyId: S3_ACCESS_KEY_ID }): Promise<void> {
  await scope.getByRole('radio', { name: 'S3-compatible storage' }).check();
  await scope.getByRole('textbox', { name: 'Endpoint' }).fill(server.endpoint);
  await scope.getByRole('textbox', { name: 'Region' }).fill('us-east-1');
  await scope.getByRole('textbox', { name: 'Bucket' }).fill(values.bucket);
  await scope.getByRole('textbox', { name: 'Key prefix' }).fill(prefix);
  await scope.getByRole('checkbox', { name: /Path-style addresses/ }).check();
  await scope.getByRole('textbox', { name: 'Access key ID' }).fill(values.accessKeyId);
  const secretField = scope.getByLabel('Secret access key');
  expect(await secretField.getAttribute('type')).toBe('password');
  expect(await secretField.inputValue()).toBe('');
  await secretField.fill(secret);
}

/** Every frame main sent to the page over the WebSocket. */
function recordReceived(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? payload : payload.toString('utf8'))),
  );
  return frames;
}

/** Where a secret must never be: storage, the address, any input once the form was submitted. */
async function secretLeftInPage(page: Page): Promise<boolean> {
  return page.evaluate(
    (value) =>
      JSON.stringify({ ...localStorage }).includes(value) ||
      JSON.stringify({ ...sessionStorage }).includes(value) ||
      location.href.includes(value) ||
      Array.from(document.querySelectorAll('input'), (input) => input.value).some((text) => text.includes(value)),
    secret,
  );
}

describe('chat backup to S3-compatible storage', () => {
  let hostA: WebHost;
  let recorded: RecordedPage;
  let page: Page;
  let received: string[];
  let recoveryKey = '';

  beforeAll(async () => {
    hostA = await workspace.host('computer-a', { chats: 4, messages: 1_500, mediaMb: 3 });
    recorded = await openPage(browser());
    page = recorded.page;
    received = recordReceived(page);
  });

  it('tests the connection with the catalogue message for each mistake, then succeeds and sets up', async () => {
    await page.goto(hostA.url);
    await openSettings(page);
    const card = chatBackupCard(page);
    await card.getByRole('button', { name: 'Set up backup' }).click();

    await fillS3(card, { bucket: 'Not_A_Bucket', accessKeyId: S3_ACCESS_KEY_ID });
    // A name S3 would refuse is caught in the form: both buttons wait for a valid one.
    expect(await card.getByRole('textbox', { name: 'Bucket' }).getAttribute('aria-invalid')).toBe('true');
    expect(await card.getByRole('button', { name: 'Test connection' }).isDisabled()).toBe(true);
    expect(await card.getByRole('button', { name: 'Set up backup' }).isDisabled()).toBe(true);
    await card.getByRole('textbox', { name: 'Bucket' }).fill('no-such-bucket');
    await card.getByRole('button', { name: 'Test connection' }).click();
    const alert = card.getByRole('alert').filter({ hasText: 'The connection test failed' });
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toContain('(S3_BUCKET_MISSING)');
    expect(await alert.innerText()).toContain(errorCatalogue.S3_BUCKET_MISSING.userAction);

    await card.getByRole('textbox', { name: 'Bucket' }).fill(bucket);
    await card.getByRole('textbox', { name: 'Access key ID' }).fill('NOT-A-KEY');
    // Editing the fields drops the old result: it described another destination.
    expect(await alert.count()).toBe(0);
    await card.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toContain('(S3_CREDENTIALS_REJECTED)');

    await card.getByRole('textbox', { name: 'Access key ID' }).fill(S3_ACCESS_KEY_ID);
    await card.getByRole('button', { name: 'Test connection' }).click();
    const result = card.getByRole('status', { name: 'Connection test' });
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain('It is empty, ready for a new backup.');
    expect(await result.innerText()).toContain(bucket);
    await page.screenshot({ path: `${screenshots}-test-connection.png`, fullPage: true });

    await card.getByRole('button', { name: 'Set up backup' }).click();
    recoveryKey = await confirmRecoveryKey(page);
    await card.getByText('Secret saved on this computer').waitFor();
    expect(await card.innerText()).toContain(`${bucket}/${prefix} at ${server.endpoint}`);
    expect(await secretLeftInPage(page)).toBe(false);
  });

  it('backs up now to S3, and the history shows the new snapshot', async () => {
    await backUpNow(page);
    await expect.poll(async () => (await historyRows(page)).length).toBe(1);
    const [row] = await historyRows(page);
    expect(row?.[1]).toMatch(/^\d+(\.\d)? (KB|MB)$/);
    expect(row?.[2]).toMatch(/^\d+(\.\d)? (KB|MB)$/);
    await page.screenshot({ path: `${screenshots}-history.png`, fullPage: true });
  });

  it('restores from S3 on an empty profile, and the chats come back', async () => {
    const hostB = await workspace.host('new-computer');
    await page.goto(hostB.url);
    await page.getByRole('button', { name: 'Restore from backup' }).click();
    await page.getByRole('heading', { name: 'Restore from backup', level: 1 }).waitFor();
    await fillS3(page.getByRole('main'));
    await page.getByRole('button', { name: 'Open backup' }).click();
    await page.getByRole('heading', { name: 'Unlock your backup' }).waitFor({ timeout: 30_000 });
    await enterRecoveryKey(page, recoveryKey);
    await restoreNewest(page, `${screenshots}-restored.png`);
    await expectSameChats(page, hostA, hostB);

    // The new computer now backs up to the same bucket, with the secret it was given.
    await openSettings(page);
    await chatBackupCard(page).getByText('Secret saved on this computer').waitFor();
    expect(await secretLeftInPage(page)).toBe(false);
    expect(received.some((frame) => frame.includes(secret))).toBe(false);
    expect(recorded.errors).toEqual([]);
  });
});
