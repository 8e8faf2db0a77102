// Keyring slots: each one wraps BK under a key-encryption key derived from one unlocking secret (the
// recovery key, or a passkey's PRF output) and lives alone in keys/<slot id>, so adding or removing a
// passkey is one atomic write or delete. Layout (docs/backup-format.md, "Keyring slots"):
//
//   "CPBS" | version u8 | suite u8 | H u16le | clear header (H bytes, canonical JSON)
//   | nonce (24) | kek check (32) | wrapped BK (48) | keyring MAC (32)
//
// The wrap binds everything before it as associated data. The check tells a wrong secret from an
// edited slot; the keyring MAC (a BK subkey) lets whoever unlocked verify every other slot too.
import { AppError } from '../../src-shared/errors.ts';
import { deriveKeyId, deriveKeyringMacKey, deriveSlotSecrets, KEK_CHECK_BYTES } from './kdf.ts';
import type { SlotSecrets } from './kdf.ts';
import { FORMAT_VERSION, SUITE_V1 } from './object-header.ts';
import { parseRecoveryKey } from './recovery-key.ts';
import { decodeSlotHeader, encodeSlotHeader, SlotHeader, tampered } from './slot-header.ts';
import {
  AEAD_ABYTES,
  AEAD_NONCE_BYTES,
  constantTimeEqual,
  KEY_BYTES,
  keyedBlake2b256,
  randomBytes,
  secureBuffer,
  sodium,
  zero,
} from './sodium.ts';

export type { PasskeySlotHeader, RecoverySlotHeader, SlotHeader } from './slot-header.ts';
export { deriveSlotSecrets, derivePasskeyKek, deriveRecoveryKek } from './kdf.ts';
export type { SlotSecrets } from './kdf.ts';

export const SLOT_MAGIC = Buffer.from('CPBS', 'ascii');
const PREFIX_BYTES = 8;
const MAX_HEADER_BYTES = 4096;
const WRAPPED_BYTES = KEY_BYTES + AEAD_ABYTES;
const MAC_BYTES = 32;
const TRAILER_BYTES = AEAD_NONCE_BYTES + KEK_CHECK_BYTES + WRAPPED_BYTES + MAC_BYTES;

/** A parsed slot file. All fields are views into `bytes`, the file exactly as stored. */
export interface KeySlot {
  readonly header: SlotHeader;
  readonly bytes: Buffer;
  readonly nonce: Buffer;
  readonly check: Buffer;
  readonly wrapped: Buffer;
  readonly mac: Buffer;
  /** bytes[0 .. wrapped): the associated data of the wrap. */
  readonly associatedData: Buffer;
  /** bytes[0 .. mac): what the keyring MAC covers. */
  readonly macInput: Buffer;
}

export interface UnlockResult {
  /** In secure memory; zero it when done. */
  readonly bk: Buffer;
  readonly slotId: string;
}

/** Builds a slot file wrapping `bk` with the secrets of `header.kind` derived from `secret` (RK or PRF output). */
export function createSlot(bk: Uint8Array, secret: Uint8Array, header: SlotHeader): Buffer {
  const secrets = deriveSlotSecrets(header.kind, secret, Buffer.from(header.slotId, 'hex'));
  try {
    return wrapBackupKey(bk, secrets, header);
  } finally {
    zero(secrets.kek, secrets.check);
  }
}

/** XChaCha20-Poly1305 of BK under the KEK, random nonce, AD = everything in the file before the ciphertext. */
export function wrapBackupKey(bk: Uint8Array, secrets: SlotSecrets, header: SlotHeader): Buffer {
  if (bk.byteLength !== KEY_BYTES) throw new TypeError('BK is 32 bytes');
  const parsed = SlotHeader.safeParse(header);
  if (!parsed.success) throw new TypeError(`invalid slot header: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  const headerBytes = encodeSlotHeader(parsed.data);
  if (headerBytes.length > MAX_HEADER_BYTES) throw new TypeError('slot header too long');
  const file = Buffer.alloc(PREFIX_BYTES + headerBytes.length + TRAILER_BYTES);
  SLOT_MAGIC.copy(file, 0);
  file[4] = FORMAT_VERSION;
  file[5] = SUITE_V1;
  file.writeUInt16LE(headerBytes.length, 6);
  headerBytes.copy(file, PREFIX_BYTES);
  const parts = slotParts(file, headerBytes.length);
  parts.nonce.set(randomBytes(AEAD_NONCE_BYTES));
  parts.check.set(secrets.check);
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(parts.wrapped, bk, parts.associatedData, null, parts.nonce, secrets.kek);
  const macKey = deriveKeyringMacKey(bk);
  try {
    parts.mac.set(keyedBlake2b256(macKey, parts.macInput));
  } finally {
    zero(macKey);
  }
  return file;
}

export interface SlotExpectation {
  /** The slot id from the file name keys/<slot id>. */
  readonly slotId: string;
  /** The repository id from `config`, hex. */
  readonly repositoryId: string;
}

/** Parses a slot file; a structural problem is BACKUP_KEYRING_TAMPERED, an unknown version/suite _FORMAT_UNSUPPORTED. */
export function parseSlot(bytes: Uint8Array, expected: SlotExpectation): KeySlot {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < PREFIX_BYTES + TRAILER_BYTES) throw tampered(expected.slotId, 'length');
  if (!file.subarray(0, 4).equals(SLOT_MAGIC)) throw tampered(expected.slotId, 'magic');
  for (const [field, found, supported] of [
    ['slotVersion', file[4], FORMAT_VERSION],
    ['suite', file[5], SUITE_V1],
  ] as const) {
    if (found !== supported)
      throw new AppError('BACKUP_FORMAT_UNSUPPORTED', undefined, { field, found: found ?? -1, supported, slotId: expected.slotId });
  }
  const headerLength = file.readUInt16LE(6);
  if (headerLength === 0 || headerLength > MAX_HEADER_BYTES || file.length !== PREFIX_BYTES + headerLength + TRAILER_BYTES) {
    throw tampered(expected.slotId, 'length');
  }
  const header = decodeSlotHeader(file.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength), expected.slotId);
  if (header.slotId !== expected.slotId) throw tampered(expected.slotId, 'slot-id');
  if (header.repositoryId !== expected.repositoryId) throw tampered(expected.slotId, 'repository');
  return { header, bytes: file, ...slotParts(file, headerLength) };
}

/**
 * Unwraps BK. A check value that does not match means another secret (RECOVERY_KEY_WRONG or
 * PASSKEY_SECRET_MISMATCH, by slot kind); a matching check with a failing wrap means the slot's clear
 * part was edited (BACKUP_KEYRING_TAMPERED). The MAC is verified with the recovered BK.
 */
export function unwrapBackupKey(slot: KeySlot, secrets: SlotSecrets): Buffer {
  if (!constantTimeEqual(secrets.check, slot.check)) {
    throw slot.header.kind === 'recovery'
      ? new AppError('RECOVERY_KEY_WRONG', undefined, { slots: 1 })
      : new AppError('PASSKEY_SECRET_MISMATCH', undefined, { slotId: slot.header.slotId });
  }
  const bk = secureBuffer(KEY_BYTES);
  try {
    sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(bk, null, slot.wrapped, slot.associatedData, slot.nonce, secrets.kek);
  } catch {
    zero(bk);
    throw tampered(slot.header.slotId, 'binding');
  }
  if (!verifySlotMac(slot, bk)) {
    zero(bk);
    throw tampered(slot.header.slotId, 'keyring-mac');
  }
  return bk;
}

/** True when the slot was written by someone holding BK (and has not been edited since). */
export function verifySlotMac(slot: KeySlot, bk: Uint8Array): boolean {
  const macKey = deriveKeyringMacKey(bk);
  try {
    return constantTimeEqual(keyedBlake2b256(macKey, slot.macInput), slot.mac);
  } finally {
    zero(macKey);
  }
}

/** After unlocking: every slot must carry a valid keyring MAC, so no one can slip in or edit a passkey slot. */
export function assertKeyringAuthentic(slots: readonly KeySlot[], bk: Uint8Array): void {
  for (const slot of slots) if (!verifySlotMac(slot, bk)) throw tampered(slot.header.slotId, 'keyring-mac');
}

/** After unlocking: BK must be the key `config` names, or config or keyring were swapped (`keyId` is hex). */
export function assertKeyId(bk: Uint8Array, keyId: string): void {
  if (deriveKeyId(bk).toString('hex') !== keyId) throw new AppError('BACKUP_KEYRING_TAMPERED', undefined, { reason: 'key-id' });
}

/**
 * Unlocks with the recovery key as typed. Typos are reported before any key is derived. The recovery
 * check is compared against every slot, whatever kind it claims: a match on a non-recovery slot means
 * its kind was edited.
 */
export function unlockWithRecoveryKey(slots: readonly KeySlot[], recoveryKey: string): UnlockResult {
  const rk = parseRecoveryKey(recoveryKey);
  try {
    for (const slot of slots) {
      const secrets = deriveSlotSecrets('recovery', rk, Buffer.from(slot.header.slotId, 'hex'));
      try {
        if (!constantTimeEqual(secrets.check, slot.check)) continue;
        if (slot.header.kind !== 'recovery') throw tampered(slot.header.slotId, 'kind');
        return { bk: unwrapBackupKey(slot, secrets), slotId: slot.header.slotId };
      } finally {
        zero(secrets.kek, secrets.check);
      }
    }
    throw new AppError('RECOVERY_KEY_WRONG', undefined, { slots: slots.filter((slot) => slot.header.kind === 'recovery').length });
  } finally {
    zero(rk);
  }
}

/** Unlocks one passkey slot with the PRF output its authenticator returned for the slot's salt. */
export function unlockWithPasskeySecret(slot: KeySlot, prfOutput: Uint8Array): UnlockResult {
  if (slot.header.kind !== 'passkey') throw new TypeError('not a passkey slot');
  const secrets = deriveSlotSecrets('passkey', prfOutput, Buffer.from(slot.header.slotId, 'hex'));
  try {
    return { bk: unwrapBackupKey(slot, secrets), slotId: slot.header.slotId };
  } finally {
    zero(secrets.kek, secrets.check);
  }
}

function slotParts(file: Buffer, headerLength: number): Omit<KeySlot, 'header' | 'bytes'> {
  const nonceAt = PREFIX_BYTES + headerLength;
  const checkAt = nonceAt + AEAD_NONCE_BYTES;
  const wrappedAt = checkAt + KEK_CHECK_BYTES;
  const macAt = wrappedAt + WRAPPED_BYTES;
  return {
    nonce: file.subarray(nonceAt, checkAt),
    check: file.subarray(checkAt, wrappedAt),
    wrapped: file.subarray(wrappedAt, macAt),
    mac: file.subarray(macAt, macAt + MAC_BYTES),
    associatedData: file.subarray(0, wrappedAt),
    macInput: file.subarray(0, macAt),
  };
}
