// BK cached under the OS keystore (Keychain, DPAPI, libsecret/kwallet) through Electron's safeStorage.
// The Electron shell implements OsSecretSealer; everything else here is plain Node and tested with a
// fake sealer. The sealed blob sits in the profile as `backup-key.sealed` (0600, like the key file).
import path from 'node:path';
import { createLogger } from '../log.ts';
import { decodeKeyRecord, encodeKeyRecord } from './key-record.ts';
import type { BackupKeyCache } from './keystore.ts';
import { readPrivateFile, removePrivateFile, writePrivateFile } from './private-file.ts';
import { zero } from './sodium.ts';

/**
 * The slice of Electron's safeStorage the cache needs. The shell builds it as:
 *   isAvailable:   safeStorage.isEncryptionAvailable() && !(process.platform === 'linux' &&
 *                  safeStorage.getSelectedStorageBackend() === 'basic_text')   // basic_text only obfuscates
 *   encryptString: (s) => safeStorage.encryptString(s)
 *   decryptString: (b) => safeStorage.decryptString(b)
 */
export interface OsSecretSealer {
  isAvailable(): boolean;
  encryptString(plaintext: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export const SEALED_KEY_FILE_NAME = 'backup-key.sealed';
const log = createLogger('crypto.os-keystore');

export function createOsKeystoreCache(profileDir: string, sealer: OsSecretSealer): BackupKeyCache {
  const file = path.join(profileDir, SEALED_KEY_FILE_NAME);
  return {
    kind: 'os-keystore',
    async load() {
      const sealed = await readPrivateFile(file);
      if (sealed === null) return null;
      // A keystore that changed (new Linux keyring, restored OS, other machine) cannot open old blobs.
      // That only costs one unlock with a passkey or the recovery key, so it is a cache miss, not an error.
      if (!sealer.isAvailable()) {
        log.warn('OS keystore unavailable: backup key cache ignored');
        return null;
      }
      let encoded: string;
      try {
        encoded = sealer.decryptString(sealed);
      } catch {
        log.warn('OS keystore could not open the cached backup key: cache ignored');
        return null;
      }
      const record = Buffer.from(encoded, 'base64');
      try {
        return decodeKeyRecord(record);
      } finally {
        zero(record);
      }
    },
    async save(bk) {
      // safeStorage only takes strings: this base64 copy is a JS string and cannot be zeroed.
      const record = encodeKeyRecord(bk);
      let sealed: Buffer;
      try {
        sealed = sealer.encryptString(record.toString('base64'));
      } finally {
        zero(record);
      }
      await writePrivateFile(file, sealed);
    },
    clear: () => removePrivateFile(file),
  };
}
