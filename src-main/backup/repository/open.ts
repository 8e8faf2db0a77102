// Opening a repository: first what anyone can read (config and the slots' clear headers, for `inspect`
// and for choosing how to unlock), then unlocking with a recovery key, a passkey's PRF output or a
// cached BK. Whatever the way in, BK must match the key id in config, and every other slot is then
// checked with BK so that a slot written by someone without it is never offered (§7.4).
import { AppError } from '../../../src-shared/errors.ts';
import { assertKeyId, unlockWithPasskeySecret, unlockWithRecoveryKey } from '../../crypto/keyring.ts';
import type { SlotHeader, UnlockResult } from '../../crypto/keyring.ts';
import { deriveKeyId } from '../../crypto/kdf.ts';
import { parseRecoveryKey } from '../../crypto/recovery-key.ts';
import { KEY_BYTES, secureCopy, zero } from '../../crypto/sodium.ts';
import type { Destination } from '../destination/destination.ts';
import { objectName } from '../destination/names.ts';
import { readConfig } from './config.ts';
import type { RepositoryConfig } from './config.ts';
import { authenticateKeyring, loadKeyring } from './keyring-store.ts';
import type { Keyring, RejectedSlot } from './keyring-store.ts';
import { UnlockedRepository } from './unlocked.ts';
import type { UnlockedWith } from './unlocked.ts';

/** config and slot headers, all in clear and none of them authenticated yet. */
export class LockedRepository {
  readonly destination: Destination;
  readonly config: RepositoryConfig;
  readonly #keyring: Keyring;

  constructor(destination: Destination, config: RepositoryConfig, keyring: Keyring) {
    this.destination = destination;
    this.config = config;
    this.#keyring = keyring;
  }

  /** Well-formed slots. Not yet authenticated: the keyring MAC needs BK, so trust them only after unlocking. */
  get slots(): readonly SlotHeader[] {
    return this.#keyring.slots.map((slot) => slot.header);
  }

  /** Slots that could not even be parsed (malformed, another repository's, a newer slot version). */
  get unreadableSlots(): readonly RejectedSlot[] {
    return this.#keyring.rejected;
  }

  /** The recovery key as typed: RECOVERY_KEY_TYPO before any key is derived, RECOVERY_KEY_WRONG when no slot matches. */
  unlockWithRecoveryKey(text: string): UnlockedRepository {
    this.#refuseIfNoRecoverySlotSurvived(text);
    const result = unlockWithRecoveryKey(this.#keyring.slots, text);
    return this.#unlockedBySlot(result, { kind: 'recovery', slotId: result.slotId });
  }

  /** The PRF output that the passkey of slot `slotId` returned for its salt. The caller zeroes `prfOutput`. */
  unlockWithPasskey(slotId: string, prfOutput: Uint8Array): UnlockedRepository {
    const slot = this.#keyring.slots.find((candidate) => candidate.header.slotId === slotId);
    if (slot === undefined) {
      const rejected = this.#keyring.rejected.find((candidate) => candidate.slotId === slotId);
      if (rejected !== undefined) throw new AppError(rejected.code, undefined, { slotId, reason: rejected.reason });
      throw new AppError('BACKUP_OBJECT_MISSING', undefined, { object: objectName('keys', slotId) });
    }
    const result = unlockWithPasskeySecret(slot, prfOutput);
    return this.#unlockedBySlot(result, { kind: 'passkey', slotId });
  }

  /** A BK this computer cached. BACKUP_KEY_MISMATCH when it belongs to another repository. `bk` is copied, not taken. */
  unlockWithBackupKey(bk: Uint8Array): UnlockedRepository {
    if (bk.byteLength !== KEY_BYTES) throw new TypeError('BK is 32 bytes');
    if (deriveKeyId(bk).toString('hex') !== this.config.keyId) throw new AppError('BACKUP_KEY_MISMATCH');
    return this.#unlocked(secureCopy(bk), { kind: 'backup-key' });
  }

  /**
   * When no recovery slot could even be read, the key is not what is wrong: say that the keyring is
   * damaged (and why) instead of RECOVERY_KEY_WRONG. A typo is still reported first.
   */
  #refuseIfNoRecoverySlotSurvived(text: string): void {
    zero(parseRecoveryKey(text));
    if (this.#keyring.slots.some((slot) => slot.header.kind === 'recovery')) return;
    const damaged = this.#keyring.rejected[0];
    if (damaged !== undefined) throw new AppError(damaged.code, undefined, { slotId: damaged.slotId, reason: damaged.reason });
  }

  #unlockedBySlot(result: UnlockResult, unlockedWith: UnlockedWith): UnlockedRepository {
    try {
      // The slot opened with this BK, so a different key id means config and keyring were put together
      // from two repositories.
      assertKeyId(result.bk, this.config.keyId);
    } catch (error) {
      zero(result.bk);
      throw error;
    }
    return this.#unlocked(result.bk, unlockedWith);
  }

  #unlocked(bk: Buffer, unlockedWith: UnlockedWith): UnlockedRepository {
    const keyring = authenticateKeyring(this.#keyring, bk);
    return new UnlockedRepository({
      destination: this.destination,
      config: this.config,
      backupKey: bk,
      unlockedWith,
      rejectedSlots: keyring.rejected,
    });
  }
}

/**
 * Reads config (BACKUP_NOT_A_REPOSITORY, BACKUP_FORMAT_UNSUPPORTED) and the keyring. Nothing is
 * written: a repository of an unknown version is never modified (§16).
 */
export async function openRepository(destination: Destination): Promise<LockedRepository> {
  const config = await readConfig(destination);
  return new LockedRepository(destination, config, await loadKeyring(destination, config.repositoryId));
}
