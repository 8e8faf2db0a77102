// A repository whose BK is known: it can read and write objects, manage the keyring and take locks.
// It owns its copy of BK (secure memory) until close(), which zeroes it; any use after that fails
// instead of encrypting under a zeroed key.
import { AppError } from '../../../src-shared/errors.ts';
import type { SlotHeader } from '../../crypto/keyring.ts';
import { zero } from '../../crypto/sodium.ts';
import type { Destination, ObjectBody } from '../destination/destination.ts';
import { objectName } from '../destination/names.ts';
import type { RepositoryConfig } from './config.ts';
import { authenticateKeyring, loadKeyring, writeSlot } from './keyring-store.ts';
import type { RejectedSlot } from './keyring-store.ts';
import { acquireLock } from './locks.ts';
import type { LockMode, LockOptions, RepositoryLock } from './locks.ts';
import type { LockObjects } from './lock-scan.ts';
import { deleteObject, listObjects, nameOfObject, openObjectStream, putObject, readObject, writeObject } from './objects.ts';
import type { ObjectWriter, WriteOptions } from './object-writer.ts';
import type { ReadBuffers } from './objects.ts';
import type { ObjectContext, ObjectKind } from './objects.ts';

/** How BK was obtained: a slot (recovery key or passkey), a key this computer had cached, or creation. */
export type UnlockedWith = { readonly kind: 'recovery' | 'passkey'; readonly slotId: string } | { readonly kind: 'backup-key' | 'created' };

export interface SlotListing {
  /** Slots that passed every check, the keyring MAC included: the only ones to offer for unlocking. */
  readonly slots: readonly SlotHeader[];
  readonly rejected: readonly RejectedSlot[];
}

export interface UnlockedRepositoryInit {
  readonly destination: Destination;
  readonly config: RepositoryConfig;
  /** Taken over: zeroed by close(). */
  readonly backupKey: Buffer;
  readonly unlockedWith: UnlockedWith;
  readonly rejectedSlots: readonly RejectedSlot[];
}

export class UnlockedRepository {
  readonly destination: Destination;
  readonly config: RepositoryConfig;
  readonly unlockedWith: UnlockedWith;
  /** Slots set aside when unlocking (§7.4 step 7), for the UI to report. */
  readonly rejectedSlots: readonly RejectedSlot[];
  #backupKey: Buffer | null;
  readonly #objects: ObjectContext;

  constructor(init: UnlockedRepositoryInit) {
    this.destination = init.destination;
    this.config = init.config;
    this.unlockedWith = init.unlockedWith;
    this.rejectedSlots = init.rejectedSlots;
    this.#backupKey = init.backupKey;
    this.#objects = {
      destination: init.destination,
      repositoryId: Buffer.from(init.config.repositoryId, 'hex'),
      backupKey: () => this.backupKey,
    };
  }

  /** BK in secure memory, owned by this object: copy it (e.g. into the cache) before close(). */
  get backupKey(): Buffer {
    if (this.#backupKey === null) throw new TypeError('the repository is closed');
    return this.#backupKey;
  }

  get closed(): boolean {
    return this.#backupKey === null;
  }

  /** Zeroes BK. Streams already opened keep working (their keys were derived when they started). */
  close(): void {
    zero(this.#backupKey ?? undefined);
    this.#backupKey = null;
  }

  putObject(kind: ObjectKind, id: string, plaintext: ObjectBody, signal?: AbortSignal): Promise<{ readonly size: number }> {
    return putObject(this.#objects, kind, id, plaintext, signal);
  }

  openObject(kind: ObjectKind, id: string): Promise<AsyncIterable<Buffer>> {
    return openObjectStream(this.#objects, kind, id);
  }

  /** A new object written piece by piece; nothing has its name until finish() resolves. */
  writeObject(kind: ObjectKind, id: string, options?: WriteOptions): ObjectWriter {
    return writeObject(this.#objects, kind, id, options);
  }

  readObject(kind: ObjectKind, id: string, buffers?: ReadBuffers): Promise<Buffer> {
    return readObject(this.#objects, kind, id, buffers);
  }

  listObjects(kind: ObjectKind): Promise<string[]> {
    return listObjects(this.destination, kind);
  }

  statObject(kind: ObjectKind, id: string): ReturnType<Destination['stat']> {
    return this.destination.stat(nameOfObject(kind, id));
  }

  deleteObject(kind: ObjectKind, id: string): Promise<void> {
    return deleteObject(this.destination, kind, id);
  }

  /** The keyring as stored now, every slot checked against BK. */
  async slots(): Promise<SlotListing> {
    const keyring = authenticateKeyring(await loadKeyring(this.destination, this.config.repositoryId), this.backupKey);
    return { slots: keyring.slots.map((slot) => slot.header), rejected: keyring.rejected };
  }

  /**
   * Adds a slot for `secret` (RK, or the PRF output a passkey returned for `header.prfSalt`). Needs no
   * lock: it is one create-if-absent write (§13). The slot is read back and unwrapped before this resolves.
   */
  async addSlot(header: SlotHeader, secret: Uint8Array): Promise<void> {
    if (header.repositoryId !== this.config.repositoryId) throw new TypeError('the slot header names another repository');
    await writeSlot(this.destination, this.backupKey, secret, header);
  }

  /**
   * Removes a slot under the caller's exclusive lock (§13). Refuses to remove the last authentic
   * recovery slot (§7). A rejected (tampered) slot can always be removed.
   */
  async removeSlot(slotId: string, lock: RepositoryLock): Promise<void> {
    if (lock.mode !== 'exclusive' || lock.released) throw new TypeError('removing a slot needs a held exclusive lock');
    const { slots } = await this.slots();
    const target = slots.find((slot) => slot.slotId === slotId);
    if (target?.kind === 'recovery' && !slots.some((slot) => slot.kind === 'recovery' && slot.slotId !== slotId)) {
      throw new AppError('BACKUP_LAST_RECOVERY_SLOT', undefined, { slotId });
    }
    await this.destination.delete(objectName('keys', slotId));
  }

  /** Takes a lock (§13); BACKUP_REPOSITORY_BUSY names the holder when another one conflicts. */
  acquireLock(mode: LockMode, operation: string, options?: LockOptions): Promise<RepositoryLock> {
    return acquireLock(this.#lockObjects(), mode, operation, options);
  }

  #lockObjects(): LockObjects {
    return {
      list: () => this.listObjects('lock'),
      read: (id) => this.readObject('lock', id),
      write: async (id, plaintext) => {
        await this.putObject('lock', id, plaintext);
      },
      remove: (id) => this.deleteObject('lock', id),
      modified: async (id) => (await this.statObject('lock', id))?.modified ?? null,
    };
  }
}
