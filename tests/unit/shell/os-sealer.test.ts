import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOsSecretSealer, keystoreVerdict, readKeystoreFacts, type SafeStorageLike } from '../../../src-main/app/os-sealer.ts';
import { KEY_FILE_WARNING, openBackupKeyCache } from '../../../src-main/crypto/keystore.ts';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** safeStorage as Electron reports it on a given machine (the seal is reversible, as the OS's is). */
function safeStorageOn(available: boolean, backend: Backend): SafeStorageLike & { readonly backendCalls: number[] } {
  const backendCalls: number[] = [];
  return {
    backendCalls,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => (backendCalls.push(1), backend),
    encryptString: (plaintext) => Buffer.from(plaintext, 'utf8').reverse(),
    decryptString: (sealed) => Buffer.from(sealed).reverse().toString('utf8'),
  };
}

describe('keystoreVerdict', () => {
  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])('trusts a real Linux keyring (%s)', (backend) => {
    expect(keystoreVerdict({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend })).toEqual({ usable: true });
  });

  it('refuses basic_text, which only obfuscates, and says what to do', () => {
    const verdict = keystoreVerdict({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' });
    expect(verdict).toMatchObject({ usable: false, reason: 'basic-text' });
    expect(verdict.usable ? '' : verdict.warning).toContain('--password-store=gnome-libsecret');
  });

  it('refuses an unknown Linux backend, and any keystore that is not available', () => {
    expect(keystoreVerdict({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' })).toMatchObject({
      reason: 'backend-unknown',
    });
    expect(keystoreVerdict({ platform: 'linux', encryptionAvailable: true })).toMatchObject({ reason: 'backend-unknown' });
    expect(keystoreVerdict({ platform: 'darwin', encryptionAvailable: false })).toMatchObject({ reason: 'unavailable' });
    expect(keystoreVerdict({ platform: 'linux', encryptionAvailable: false, linuxBackend: 'gnome_libsecret' })).toMatchObject({
      reason: 'unavailable',
    });
  });

  it('trusts Keychain and DPAPI when Electron says encryption is available', () => {
    expect(keystoreVerdict({ platform: 'darwin', encryptionAvailable: true })).toEqual({ usable: true });
    expect(keystoreVerdict({ platform: 'win32', encryptionAvailable: true })).toEqual({ usable: true });
  });

  it('asks for the backend on Linux only (it is a Linux-only API)', () => {
    const storage = safeStorageOn(true, 'unknown');
    expect(readKeystoreFacts(storage, 'darwin')).toEqual({ platform: 'darwin', encryptionAvailable: true });
    expect(storage.backendCalls).toEqual([]);
    expect(readKeystoreFacts(storage, 'linux')).toEqual({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' });
  });
});

describe('the backup-key cache on safeStorage', () => {
  let profile: string;
  beforeEach(() => {
    profile = mkdtempSync(path.join(tmpdir(), 'companion-sealer-'));
  });
  afterEach(() => rmSync(profile, { recursive: true, force: true }));

  it('uses the OS keystore with a real keyring, and round-trips the key through it', async () => {
    const cache = openBackupKeyCache(profile, createOsSecretSealer(safeStorageOn(true, 'gnome_libsecret'), 'linux'));
    expect(cache.kind).toBe('os-keystore');
    expect(cache.warning).toBeUndefined();
    const bk = Buffer.alloc(32, 7);
    await cache.save(bk);
    expect(Buffer.from((await cache.load()) ?? [])).toEqual(bk);
  });

  it('falls back to the key file, with its visible warning, on basic_text: never a silent plaintext keystore', () => {
    const cache = openBackupKeyCache(profile, createOsSecretSealer(safeStorageOn(true, 'basic_text'), 'linux'));
    expect(cache.kind).toBe('key-file');
    expect(cache.warning).toBe(KEY_FILE_WARNING);
  });
});
