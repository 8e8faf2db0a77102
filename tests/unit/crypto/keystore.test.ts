import { chmod, chown, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyFileCache, KEY_FILE_NAME, openBackupKeyCache } from '../../../src-main/crypto/keystore.ts';
import { SEALED_KEY_FILE_NAME } from '../../../src-main/crypto/os-keystore.ts';
import { randomBytes } from '../../../src-main/crypto/sodium.ts';
import { expectAppErrorAsync, fakeSealer } from './crypto-test-helpers.ts';

const posix = process.platform !== 'win32';
let profile: string;
const bk = randomBytes(32);

beforeEach(async () => {
  profile = await mkdtemp(path.join(tmpdir(), 'companion-keystore-'));
});
afterEach(async () => {
  await rm(profile, { recursive: true, force: true });
});

describe('key file cache', () => {
  it('saves BK as a 0600 file and loads it back', async () => {
    const cache = createKeyFileCache(profile);
    expect(await cache.load()).toBeNull();
    await cache.save(bk);
    const file = path.join(profile, KEY_FILE_NAME);
    if (posix) expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await cache.load())?.equals(bk)).toBe(true);
    expect(await readdir(profile)).toEqual([KEY_FILE_NAME]); // no temporary file left behind
  });

  it('says plainly that only file permissions protect the key', () => {
    const cache = createKeyFileCache(profile);
    expect(cache.kind).toBe('key-file');
    expect(cache.warning).toMatch(/file permissions/);
  });

  it('replaces an existing key atomically and clears it', async () => {
    const cache = createKeyFileCache(profile);
    await cache.save(randomBytes(32));
    await cache.save(bk);
    expect((await cache.load())?.equals(bk)).toBe(true);
    await cache.clear();
    expect(await cache.load()).toBeNull();
    await cache.clear(); // clearing twice is fine
  });

  it.skipIf(!posix)('refuses a key file that group or others can read, and reports the mode', async () => {
    const cache = createKeyFileCache(profile);
    await cache.save(bk);
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      await chmod(path.join(profile, KEY_FILE_NAME), mode);
      await expectAppErrorAsync(() => cache.load(), 'BACKUP_KEY_FILE_INSECURE', { reason: 'permissions', mode: `0${mode.toString(8)}` });
    }
  });

  it.skipIf(!posix)('refuses a symlink in place of the key file', async () => {
    const elsewhere = path.join(profile, 'elsewhere');
    await writeFile(elsewhere, Buffer.alloc(37), { mode: 0o600 });
    await symlink(elsewhere, path.join(profile, KEY_FILE_NAME));
    await expectAppErrorAsync(() => createKeyFileCache(profile).load(), 'BACKUP_KEY_FILE_INSECURE', { reason: 'symlink' });
  });

  // Only root can give a file away; elsewhere the owner check cannot be exercised.
  it.skipIf(!posix || process.getuid?.() !== 0)('refuses a key file that belongs to another user', async () => {
    const cache = createKeyFileCache(profile);
    await cache.save(bk);
    await chown(path.join(profile, KEY_FILE_NAME), 4242, 4242);
    await expectAppErrorAsync(() => cache.load(), 'BACKUP_KEY_FILE_INSECURE', { reason: 'owner' });
  });

  it('refuses a damaged key file instead of using it as a key', async () => {
    const file = path.join(profile, KEY_FILE_NAME);
    const cache = createKeyFileCache(profile);
    await cache.save(bk);
    const good = await readFile(file);
    const cases: Array<[string, Buffer]> = [
      ['size', good.subarray(0, 36)],
      ['magic', Buffer.concat([Buffer.from('XPBK'), good.subarray(4)])],
      ['version', Buffer.concat([good.subarray(0, 4), Buffer.from([2]), good.subarray(5)])],
    ];
    for (const [reason, bytes] of cases) {
      await writeFile(file, bytes, { mode: 0o600 });
      await expectAppErrorAsync(() => cache.load(), 'BACKUP_KEY_FILE_INVALID', { reason });
    }
  });
});

describe('OS keystore cache', () => {
  it('is chosen when the shell provides a sealer that really encrypts', async () => {
    const cache = openBackupKeyCache(profile, fakeSealer());
    expect(cache.kind).toBe('os-keystore');
    expect(cache.warning).toBeUndefined();
    await cache.save(bk);
    const sealed = await readFile(path.join(profile, SEALED_KEY_FILE_NAME));
    expect(sealed.includes(bk)).toBe(false);
    expect(sealed.includes(Buffer.from(bk.toString('base64')))).toBe(false);
    if (posix) expect((await stat(path.join(profile, SEALED_KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    expect((await cache.load())?.equals(bk)).toBe(true);
    await cache.clear();
    expect(await cache.load()).toBeNull();
  });

  it('falls back to the key file, with its warning, when there is no usable sealer (e.g. basic_text)', () => {
    for (const cache of [openBackupKeyCache(profile), openBackupKeyCache(profile, fakeSealer(false))]) {
      expect(cache.kind).toBe('key-file');
      expect(cache.warning).toBeDefined();
    }
  });

  it('treats a blob the keystore can no longer open as a cache miss', async () => {
    const sealer = fakeSealer();
    const cache = openBackupKeyCache(profile, sealer);
    await cache.save(bk);
    sealer.broken = true;
    expect(await cache.load()).toBeNull();
  });

  it('treats a keystore that became unavailable (e.g. locked Linux keyring) as a cache miss', async () => {
    const sealer = fakeSealer();
    const cache = openBackupKeyCache(profile, sealer);
    await cache.save(bk);
    sealer.available = false;
    expect(await cache.load()).toBeNull();
  });
});
