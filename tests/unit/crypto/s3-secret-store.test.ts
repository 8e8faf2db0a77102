// Where the S3 secret access key is kept: sealed by the OS keystore when there is one, else in a 0600
// file; refused when other accounts could read it; never two copies.
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openS3SecretStore, S3_SECRET_FILE, S3_SECRET_SEALED_FILE } from '../../../src-main/crypto/s3-secret-store.ts';
import { expectAppErrorAsync, fakeSealer } from './crypto-test-helpers.ts';

const secret = { endpoint: 'https://s3.example', bucket: 'family', accessKeyId: 'AKIA1', secretAccessKey: 'SECRET-k7Qz' };
let profile: string;
beforeEach(async () => {
  profile = await mkdtemp(path.join(tmpdir(), 'companion-s3-secret-'));
});
afterEach(async () => {
  await rm(profile, { recursive: true, force: true });
});

describe('the S3 secret store', () => {
  it('without an OS keystore: a 0600 file, refused once others may read it', async () => {
    const store = openS3SecretStore(profile);
    expect(await store.load()).toBeNull();
    await store.save(secret);
    expect(await store.load()).toEqual(secret);
    if (process.platform !== 'win32') {
      await chmod(path.join(profile, S3_SECRET_FILE), 0o644);
      await expectAppErrorAsync(() => store.load(), 'BACKUP_KEY_FILE_INSECURE', { reason: 'permissions' });
    }
  });

  it('with an OS keystore: sealed, the plain copy removed, and a keystore that cannot open it is a miss', async () => {
    await openS3SecretStore(profile).save(secret);
    const os = fakeSealer();
    const store = openS3SecretStore(profile, os);
    await store.save(secret);
    expect(await readdir(profile)).toEqual([S3_SECRET_SEALED_FILE]);
    expect((await readFile(path.join(profile, S3_SECRET_SEALED_FILE))).includes('SECRET-k7Qz')).toBe(false);
    expect(await store.load()).toEqual(secret);
    os.broken = true;
    expect(await store.load()).toBeNull();
    await store.clear();
    expect(await readdir(profile)).toEqual([]);
  });
});
