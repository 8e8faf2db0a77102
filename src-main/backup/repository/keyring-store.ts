// The keyring as files: one slot per keys/<slot id> (§7). Loading never fails because of one bad slot:
// a malformed, foreign or newer-version slot is set aside with its reason, so the user can still unlock
// with the others, and `inspect` can show what was wrong.
import { AppError } from '../../../src-shared/errors.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { createSlot, deriveSlotSecrets, parseSlot, unwrapBackupKey, verifySlotMac } from '../../crypto/keyring.ts';
import type { KeySlot, SlotHeader } from '../../crypto/keyring.ts';
import { constantTimeEqual, zero } from '../../crypto/sodium.ts';
import type { Destination } from '../destination/destination.ts';
import { idOfName, objectName } from '../destination/names.ts';

/** A slot that is never offered for unlocking, and why (BACKUP_KEYRING_TAMPERED or _FORMAT_UNSUPPORTED). */
export interface RejectedSlot {
  readonly slotId: string;
  readonly code: ErrorCode;
  readonly reason: string;
}

export interface Keyring {
  readonly slots: readonly KeySlot[];
  readonly rejected: readonly RejectedSlot[];
}

export async function loadKeyring(destination: Destination, repositoryId: string): Promise<Keyring> {
  const slots: KeySlot[] = [];
  const rejected: RejectedSlot[] = [];
  for (const name of await destination.list('keys')) {
    const slotId = idOfName(name);
    let bytes: Buffer;
    try {
      bytes = await destination.getBytes(name);
    } catch (error) {
      if (isCode(error, 'BACKUP_OBJECT_MISSING')) continue; // removed since the listing
      throw error;
    }
    try {
      slots.push(parseSlot(bytes, { slotId, repositoryId }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      rejected.push(rejection(slotId, error));
    }
  }
  return { slots, rejected };
}

/**
 * §7.4 step 7: with BK known, every slot must carry a valid keyring MAC. One that does not was written
 * or edited by someone without BK (a passkey slipped into a writable folder) and is set aside.
 */
export function authenticateKeyring(keyring: Keyring, bk: Uint8Array): Keyring {
  const slots: KeySlot[] = [];
  const rejected = [...keyring.rejected];
  for (const slot of keyring.slots) {
    if (verifySlotMac(slot, bk)) slots.push(slot);
    else rejected.push({ slotId: slot.header.slotId, code: 'BACKUP_KEYRING_TAMPERED', reason: 'keyring-mac' });
  }
  return { slots, rejected };
}

/**
 * Writes a new slot wrapping `bk` for `secret` (RK, or a passkey's PRF output), then reads it back and
 * unwraps it before reporting success (§7.3 step 4): a slot that does not open is removed again.
 */
export async function writeSlot(destination: Destination, bk: Uint8Array, secret: Uint8Array, header: SlotHeader): Promise<KeySlot> {
  const name = objectName('keys', header.slotId);
  await destination.put(name, createSlot(bk, secret, header), { ifAbsent: true });
  try {
    const slot = parseSlot(await destination.getBytes(name), { slotId: header.slotId, repositoryId: header.repositoryId });
    const secrets = deriveSlotSecrets(header.kind, secret, Buffer.from(header.slotId, 'hex'));
    let unwrapped: Buffer | undefined;
    try {
      unwrapped = unwrapBackupKey(slot, secrets);
      if (!constantTimeEqual(unwrapped, bk))
        throw new AppError('BACKUP_KEYRING_TAMPERED', undefined, { slotId: header.slotId, reason: 'binding' });
    } finally {
      zero(secrets.kek, secrets.check, unwrapped);
    }
    return slot;
  } catch (error) {
    await destination.delete(name);
    throw error;
  }
}

export function isCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof AppError && error.code === code;
}

function rejection(slotId: string, error: AppError): RejectedSlot {
  const reason = error.details?.['reason'] ?? error.details?.['field'] ?? 'unknown';
  return { slotId, code: error.code, reason: String(reason) };
}
