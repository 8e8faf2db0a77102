import { describe, expect, it } from 'vitest';
import { safeStorageSealer } from '../../../src-main/app/safe-storage-sealer.ts';

function storage(available: boolean, backend: string) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as 'basic_text',
    encryptString: (text: string) => Buffer.from(`sealed:${text}`),
    decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
  };
}

describe('the safeStorage sealer', () => {
  it('uses the OS keystore where it really encrypts', () => {
    expect(safeStorageSealer(storage(true, 'gnome_libsecret'), 'linux').isAvailable()).toBe(true);
    expect(safeStorageSealer(storage(true, 'unknown'), 'darwin').isAvailable()).toBe(true);
    const sealer = safeStorageSealer(storage(true, 'kwallet5'), 'linux');
    expect(sealer.decryptString(sealer.encryptString('bk'))).toBe('bk');
  });

  it("treats Linux's basic_text backend (obfuscation, no keyring) and no encryption at all as unavailable", () => {
    expect(safeStorageSealer(storage(true, 'basic_text'), 'linux').isAvailable()).toBe(false);
    expect(safeStorageSealer(storage(false, 'gnome_libsecret'), 'linux').isAvailable()).toBe(false);
    expect(safeStorageSealer(storage(false, 'unknown'), 'win32').isAvailable()).toBe(false);
  });
});
