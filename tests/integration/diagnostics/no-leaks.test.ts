// Canaries planted in everything secret or personal: a message, a chat name, a participant's name,
// a phone number, the recovery key and a PRF output. Then backups, restores, failed unlocks and a
// diagnostics export run, through the handler table and through the CLI with logging on. Not one
// canary may appear in the bundle, the journal, the logs or any error text.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importChatExport } from '../../../src-main/import/import-chat-export.ts';
import { dispatch } from '../../../src-main/ipc/dispatch.ts';
import { createHandlers } from '../../../src-main/ipc/handlers.ts';
import { closeAppContext, createAppContext, type AppContext } from '../../../src-main/services/app-context.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { repoRoot, tempDir } from '../../helpers/profile.ts';
import { quietJob } from '../../helpers/restore.ts';

const canary = {
  message: 'CANARYMSG7Q2 the ferry leaves at dawn',
  chat: 'Canarychat Zq9',
  person: 'Canaryperson Vx4',
  phone: '+44 7700 900417',
};
/** A PRF output nobody's authenticator made: 32 bytes, as the renderer would send it. */
const fakePrf = Buffer.from('CANARY-PRF-OUTPUT-32-BYTES-LONG!').toString('base64url');

const contexts: AppContext[] = [];
afterEach(() => {
  for (const context of contexts.splice(0)) closeAppContext(context);
});

function host(dir: string) {
  const context = createAppContext(dir, { kind: 'web', version: 'test' });
  contexts.push(context);
  const handlers = createHandlers(context);
  return (name: string, input: unknown) => dispatch(handlers, name, input);
}

function exportFile(dir: string): string {
  const file = path.join(dir, `WhatsApp Chat with ${canary.chat}.txt`);
  writeFileSync(
    file,
    [
      `[03/02/2024, 09:15:02] ${canary.person}: ${canary.message}`,
      `[03/02/2024, 09:16:40] ${canary.phone}: call me on ${canary.phone}`,
      `[03/02/2024, 09:17:05] ${canary.person}: ok`,
    ].join('\n'),
  );
  return file;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function cli(args: readonly string[], env: Record<string, string>): string {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'src-main/cli/main.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, COMPANION_LOG: 'info', ...env },
  });
  return `${run.stdout}\n${run.stderr}`;
}

describe('no secret or personal data leaks', () => {
  it('into diagnostics, the journal, logs or error texts', async () => {
    const root = tempDir();
    const sourceDir = path.join(root, 'source');
    const source = ensureProfile(sourceDir);
    await importChatExport(source, { file: exportFile(root), displayName: `WhatsApp Chat with ${canary.chat}.txt` }, quietJob);
    const call = host(sourceDir);
    const location = { kind: 'folder', path: path.join(root, 'repo') };
    const setUp = await call('setUpBackup', { location });
    if (!setUp.ok) throw new Error(setUp.error.code);
    const { recoveryKey } = setUp.value as { recoveryKey: string };
    const said: unknown[] = [];
    said.push(await call('backUpNow', {}));

    // A new computer: wrong keys, a fake PRF output, then the right key.
    const fresh = host(path.join(root, 'new-computer'));
    const typo = `${recoveryKey.slice(0, -1)}${recoveryKey.endsWith('0') ? '1' : '0'}`;
    said.push(await fresh('unlockBackup', { location, unlock: { kind: 'recovery-key', recoveryKey: typo } }));
    const prf = { first: fakePrf, second: fakePrf };
    const assertion = {
      id: 'AAEC',
      rawId: 'AAEC',
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'SZYN', signature: 'MEU' },
      clientExtensionResults: {},
    };
    said.push(await fresh('unlockBackup', { location, unlock: { kind: 'passkey', ceremonyId: 'c'.repeat(22), assertion, prf } }));
    said.push(await fresh('testPasskey', { ceremonyId: 'c'.repeat(22), assertion, prf }));
    const unlocked = await fresh('unlockBackup', { location, unlock: { kind: 'recovery-key', recoveryKey } });
    if (!unlocked.ok) throw new Error(unlocked.error.code);
    said.push(await fresh('restoreBackup', { sessionId: (unlocked.value as { sessionId: string }).sessionId }));
    said.push(await fresh('verifyBackup', { full: true }));
    // The canaries made the whole trip: the new computer finds the message.
    expect(await fresh('searchMessages', { query: 'CANARYMSG7Q2' })).toMatchObject({ ok: true, value: [{ sender: canary.person }] });
    const bundle = await fresh('getDiagnostics', {});
    const sourceBundle = await call('getDiagnostics', {});
    if (!bundle.ok || !sourceBundle.ok) throw new Error('getDiagnostics failed');

    // The same through the CLI, logs on.
    const keyFile = path.join(root, 'key.txt');
    writeFileSync(keyFile, recoveryKey);
    const logs = [
      cli(['backup', '--profile', sourceDir], {}),
      cli(['restore', '--profile', path.join(root, 'cli-target'), '--repo', location.path, '--recovery-key-file', keyFile], {}),
      cli(['verify', '--repo', location.path], { COMPANION_RECOVERY_KEY: typo }),
      cli(['diagnose', '--profile', sourceDir, '--out', path.join(root, 'bundle.json')], {}),
    ].join('\n');

    const journals = [sourceDir, path.join(root, 'new-computer')]
      .flatMap((dir) => filesUnder(path.join(dir, 'journal')))
      .map((file) => readFileSync(file, 'utf8'));
    const haystacks = {
      bundle:
        (bundle.value as { text: string }).text +
        (sourceBundle.value as { text: string }).text +
        readFileSync(path.join(root, 'bundle.json'), 'utf8'),
      journal: journals.join('\n'),
      logs,
      errors: JSON.stringify(said),
    };
    expect(journals.join('').length).toBeGreaterThan(0);
    expect(said.filter((result) => (result as { ok: boolean }).ok === false).length).toBeGreaterThanOrEqual(3);
    const needles = [
      canary.message,
      'CANARYMSG7Q2',
      canary.chat,
      canary.person,
      canary.phone,
      '7700 900417',
      recoveryKey,
      recoveryKey.replaceAll('-', ''),
      typo,
      fakePrf,
      Buffer.from(fakePrf, 'base64url').toString('hex'),
      'CANARY-PRF',
    ];
    for (const [where, text] of Object.entries(haystacks)) {
      for (const needle of needles) expect(text.includes(needle), `${needle} in ${where}`).toBe(false);
    }
    // Paths name the person's account: the bundle and the journal carry none (the CLI may echo the
    // file it was told to write).
    expect(haystacks.bundle.includes(root) || haystacks.journal.includes(root)).toBe(false);
  });
});
