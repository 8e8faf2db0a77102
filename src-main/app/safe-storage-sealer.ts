// The OS keystore for the backup key cache (src-main/crypto/os-keystore.ts), through safeStorage.
// On Linux, the `basic_text` backend means no keyring answered and safeStorage only obfuscates: that
// counts as unavailable, so the cache falls back to the 0600 key file and says so, instead of
// calling an obfuscated file "the keychain".
import type { SafeStorage as ElectronSafeStorage } from 'electron';
import type { OsSecretSealer } from '../crypto/keystore.ts';

type SafeStorage = Pick<ElectronSafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>;

export function safeStorageSealer(storage: SafeStorage, platform: NodeJS.Platform = process.platform): OsSecretSealer {
  return {
    isAvailable: () => storage.isEncryptionAvailable() && !(platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text'),
    encryptString: (plaintext) => storage.encryptString(plaintext),
    decryptString: (sealed) => storage.decryptString(sealed),
  };
}
