// Electron's safeStorage as the backup-key cache's OsSecretSealer (src-main/crypto/os-keystore.ts).
// On Linux, safeStorage may pick the 'basic_text' backend when no keyring (libsecret, kwallet) is
// reachable: that "encrypts" with a key hard-coded in Chromium, which is obfuscation, not protection.
// Such a keystore is reported unusable, so the cache falls back to the key file, whose warning the
// app shows: never a silent plaintext fallback that claims to be the OS keystore.
import type { SafeStorage } from 'electron';
import type { OsSecretSealer } from '../crypto/os-keystore.ts';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>;

export type KeystoreVerdict =
  | { readonly usable: true }
  | { readonly usable: false; readonly reason: 'unavailable' | 'basic-text' | 'backend-unknown'; readonly warning: string };

export interface KeystoreFacts {
  readonly platform: NodeJS.Platform;
  readonly encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend(), Linux only. */
  readonly linuxBackend?: string;
}

const warnings = {
  unavailable: 'The system keychain is not available, so the backup key cannot be sealed by it.',
  'basic-text':
    'No desktop keyring (GNOME Keyring, KWallet) is reachable, and Electron would only obfuscate secrets (basic_text). Install or unlock a keyring, or start Companion with --password-store=gnome-libsecret.',
  'backend-unknown': 'Electron could not tell which keyring it uses, so it is not trusted with the backup key.',
} as const;

function unusable(reason: keyof typeof warnings): KeystoreVerdict {
  return { usable: false, reason, warning: warnings[reason] };
}

export function keystoreVerdict(facts: KeystoreFacts): KeystoreVerdict {
  if (!facts.encryptionAvailable) return unusable('unavailable');
  if (facts.platform !== 'linux') return { usable: true };
  if (facts.linuxBackend === 'basic_text') return unusable('basic-text');
  // 'unknown' is what Electron answers before the app is ready or when detection failed.
  if (facts.linuxBackend === undefined || facts.linuxBackend === 'unknown') return unusable('backend-unknown');
  return { usable: true };
}

export function readKeystoreFacts(safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeystoreFacts {
  // The synchronous check matches the cache's synchronous interface; it is deprecated in favour of
  // isAsyncEncryptionAvailable, which the cache can move to when safeStorage drops the sync API.
  const encryptionAvailable = safeStorage.isEncryptionAvailable();
  return platform === 'linux'
    ? { platform, encryptionAvailable, linuxBackend: safeStorage.getSelectedStorageBackend() }
    : { platform, encryptionAvailable };
}

export function createOsSecretSealer(safeStorage: SafeStorageLike, platform: NodeJS.Platform): OsSecretSealer {
  return {
    isAvailable: () => keystoreVerdict(readKeystoreFacts(safeStorage, platform)).usable,
    encryptString: (plaintext) => safeStorage.encryptString(plaintext),
    decryptString: (sealed) => safeStorage.decryptString(sealed),
  };
}
