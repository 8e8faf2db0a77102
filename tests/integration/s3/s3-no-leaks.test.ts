// The S3 secret access key is a canary here: set up, backed up, reported, tested with failures,
// exported in diagnostics, and driven through the CLI with logging on and the server killed under a
// backup (so retries are logged). It may sit only in its keystore file in the profile; never in
// settings, the journal, any output, log line or error, nor may a signed request or its signature.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { S3_SECRET_FILE } from '../../../src-main/crypto/s3-secret-store.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { ensureProfile } from '../../../src-main/store/profile.ts';
import { handlerHost } from '../../helpers/handler-host.ts';
import { repoRoot, tempDir } from '../../helpers/profile.ts';
import { s3Location, useS3Server } from '../../helpers/s3-server.ts';

const SECRET = 'CANARY-S3-SECRET-k7Qz/9+xWb2';

const s3 = useS3Server();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function cli(args: readonly string[]): string {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'src-main/cli/main.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, COMPANION_LOG: 'info', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: SECRET },
    timeout: 120_000,
  });
  return `${run.stdout}\n${run.stderr}`;
}

describe('the S3 secret does not leak', () => {
  it('into status, errors, diagnostics, the journal, settings or CLI logs', async () => {
    const root = tempDir();
    const profileDir = path.join(root, 'profile');
    await seedStore(ensureProfile(profileDir), { chats: 2, messages: 300, mediaMb: 1, seed: 4 });
    const call = handlerHost(profileDir);
    const location = { ...s3Location(s3(), { prefix: 'no-leaks' }), secretAccessKey: SECRET };

    const said: unknown[] = [];
    said.push(await call('setUpBackup', { location }));
    said.push(await call('backUpNow', {}));
    const status = await call('getBackupStatus', {});
    expect(status).toMatchObject({ ok: true, value: { location: { kind: 's3', secretSaved: true } } });
    expect(Object.keys((status as { value: { location: object } }).value.location)).not.toContain('secretAccessKey');
    said.push(status);
    said.push(await call('testBackupDestination', { location: { ...location, accessKeyId: 'WRONG-KEY' } }));
    said.push(await call('testBackupDestination', { location: { ...location, bucket: 'missing-bucket' } }));
    said.push(await call('testBackupDestination', { location: { ...location, endpoint: `https://127.0.0.1:${s3().port}` } }));
    said.push(await call('verifyBackup', { full: true }));
    const bundle = await call('getDiagnostics', {});
    expect(bundle).toMatchObject({ ok: true });
    said.push(bundle);
    expect(said.filter((result) => (result as { ok: boolean }).ok === false)).toHaveLength(3);

    // The CLI, logs on: a backup, a verify, and a backup whose server dies under it (retries logged).
    const repo = ['--repo', 's3://companion/no-leaks', '--endpoint', s3().endpoint, '--path-style'];
    const logs = [cli(['backup', '--profile', profileDir, ...repo]), cli(['verify', ...repo])];
    await s3().kill();
    logs.push(cli(['backup', '--profile', profileDir, ...repo]));
    await s3().restart();
    expect(logs.at(-1)).toMatch(/error S3_SERVER_UNREACHABLE/);
    expect(logs.at(-1)).toMatch(/S3 request failed, retrying/);

    // The secret's own file is the only place it may be, readable by this user only.
    const secretFile = path.join(profileDir, S3_SECRET_FILE);
    expect(readFileSync(secretFile, 'utf8')).toContain(SECRET);
    if (process.platform !== 'win32') expect(statSync(secretFile).mode & 0o077).toBe(0);
    const profileFiles = filesUnder(profileDir)
      .filter((file) => file !== secretFile && !file.endsWith('.db') && !file.includes(`${path.sep}media${path.sep}`))
      .map((file) => readFileSync(file, 'utf8'));

    const haystacks = { said: JSON.stringify(said), logs: logs.join('\n'), profile: profileFiles.join('\n') };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const needle of [SECRET, 'CANARY-S3', 'X-Amz-Signature', 'X-Amz-Credential', 'Signature=', 'AWS4-HMAC-SHA256']) {
        expect(text.includes(needle), `${needle} in ${where}`).toBe(false);
      }
    }
  }, 180_000);
});
