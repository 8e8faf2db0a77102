// This computer's cache of BK, so scheduled backups run without a prompt. It is only a cache: the
// user holds BK through the keyring (passkeys, recovery key), and a lost cache costs one unlock.
// Two implementations: the OS keystore (Electron safeStorage, behind OsSecretSealer) and, where there
// is none, a 0600 key file in the profile, which says plainly that only file permissions protect it.
import path from 'node:path';
import { createLogger } from '../log.ts';
import { createOsKeystoreCache } from './os-keystore.ts';
import type { OsSecretSealer } from './os-keystore.ts';
import { decodeKeyRecord, encodeKeyRecord } from './key-record.ts';
import { readPrivateFile, removePrivateFile, writePrivateFile } from './private-file.ts';
import { zero } from './sodium.ts';

export type { OsSecretSealer } from './os-keystore.ts';

export interface BackupKeyCache {
  /** BK in secure memory, or null when nothing is cached. The caller zeroes it when done. */
  load(): Promise<Buffer | null>;
  save(bk: Uint8Array): Promise<void>;
  clear(): Promise<void>;
  readonly kind: 'os-keystore' | 'key-file';
  /** Shown in the UI whenever it is set. */
  readonly warning?: string;
}

export const KEY_FILE_NAME = 'backup-key';
export const KEY_FILE_WARNING =
  "This computer has no usable system keychain, so Companion keeps your backup key in a file in your profile, protected only by your account's file permissions. Anyone who can read your files can decrypt your backups.";

const log = createLogger('crypto.keystore');

/** `<profile>/backup-key`, mode 0600, refused when group or others can read it. */
export function createKeyFileCache(profileDir: string): BackupKeyCache {
  const file = path.join(profileDir, KEY_FILE_NAME);
  return {
    kind: 'key-file',
    warning: KEY_FILE_WARNING,
    async load() {
      const record = await readPrivateFile(file);
      if (record === null) return null;
      try {
        return decodeKeyRecord(record);
      } finally {
        zero(record);
      }
    },
    async save(bk) {
      const record = encodeKeyRecord(bk);
      try {
        await writePrivateFile(file, record);
      } finally {
        zero(record);
      }
    },
    clear: () => removePrivateFile(file),
  };
}

/**
 * The cache this profile should use: the OS keystore when the shell provides one that really
 * encrypts, else the key file (logged, and surfaced through `warning`).
 */
export function openBackupKeyCache(profileDir: string, sealer?: OsSecretSealer): BackupKeyCache {
  if (sealer?.isAvailable() === true) return createOsKeystoreCache(profileDir, sealer);
  log.warn('no OS keystore: caching the backup key in a 0600 key file', { sealer: sealer === undefined ? 'none' : 'unavailable' });
  return createKeyFileCache(profileDir);
}
