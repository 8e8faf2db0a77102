// Every key below BK, RK and a passkey's PRF output, derived with HKDF-SHA256 (RFC 5869). The info
// strings carry the format version, so a future format derives unrelated keys from the same secrets.
// docs/backup-format.md ("Key derivation") is the normative list; tests pin its vectors.
import { hkdfSync } from 'node:crypto';
import { KEY_BYTES, keyedBlake2b256, secureBuffer, zero } from './sodium.ts';

export const INFO = {
  keyId: 'companion/v1/key-id',
  object: 'companion/v1/object',
  chunkId: 'companion/v1/chunk-id',
  keyringMac: 'companion/v1/keyring-mac',
  cdcGear: 'companion/v1/cdc-gear',
  kekRecovery: 'companion/v1/kek/recovery',
  kekPasskey: 'companion/v1/kek/passkey',
  kekCheckRecovery: 'companion/v1/kek-check/recovery',
  kekCheckPasskey: 'companion/v1/kek-check/passkey',
} as const;

export type InfoString = (typeof INFO)[keyof typeof INFO];

const NO_SALT = new Uint8Array(0);
export const KEY_ID_BYTES = 16;
export const KEK_CHECK_BYTES = 32;
export const GEAR_ENTRIES = 256;

/** HKDF-SHA256 into a fresh buffer; OpenSSL's intermediate copy is zeroed before returning. */
export function hkdf(ikm: Uint8Array, salt: Uint8Array, info: InfoString, length: number, secure = true): Buffer {
  const raw = new Uint8Array(hkdfSync('sha256', ikm, salt, info, length));
  const out = secure ? secureBuffer(length) : Buffer.alloc(length);
  out.set(raw);
  zero(raw);
  return out;
}

/** Public fingerprint of BK, stored in clear in `config`: says which key a repository needs, reveals nothing of it. */
export function deriveKeyId(bk: Uint8Array): Buffer {
  return hkdf(bk, NO_SALT, INFO.keyId, KEY_ID_BYTES, false);
}

/** The secretstream key of one object. Zero it once the stream state is initialised. */
export function deriveObjectKey(bk: Uint8Array, objectId: Uint8Array): Buffer {
  // A plain (non-guarded) buffer: thousands of objects per backup would exhaust mlock limits.
  return hkdf(bk, objectId, INFO.object, KEY_BYTES, false);
}

export function deriveChunkIdKey(bk: Uint8Array): Buffer {
  return hkdf(bk, NO_SALT, INFO.chunkId, KEY_BYTES);
}

export function deriveKeyringMacKey(bk: Uint8Array): Buffer {
  return hkdf(bk, NO_SALT, INFO.keyringMac, KEY_BYTES);
}

/** Chunk id = BLAKE2b-256 keyed with the chunk-id key, over the chunk's uncompressed bytes. */
export function chunkId(chunkIdKey: Uint8Array, chunk: Uint8Array): Buffer {
  return keyedBlake2b256(chunkIdKey, chunk);
}

/**
 * FastCDC's gear table, keyed by BK: chunk boundaries then depend on a secret, so pack sizes cannot be
 * matched against the boundaries of a known file. 256 little-endian uint32 values.
 */
export function deriveCdcGearTable(bk: Uint8Array): Uint32Array {
  const bytes = hkdf(bk, NO_SALT, INFO.cdcGear, GEAR_ENTRIES * 4, false);
  const table = new Uint32Array(GEAR_ENTRIES);
  for (let i = 0; i < GEAR_ENTRIES; i++) table[i] = bytes.readUInt32LE(i * 4);
  zero(bytes);
  return table;
}

export type SlotKind = 'recovery' | 'passkey';

/**
 * What a slot needs from the unlocking secret (RK, or a passkey's PRF output): the key-encryption key,
 * and an independent check value stored in clear that tells "wrong secret" from "tampered slot".
 */
export interface SlotSecrets {
  readonly kek: Buffer;
  readonly check: Buffer;
}

export function deriveSlotSecrets(kind: SlotKind, secret: Uint8Array, slotId: Uint8Array): SlotSecrets {
  const [kekInfo, checkInfo] = kind === 'recovery' ? [INFO.kekRecovery, INFO.kekCheckRecovery] : [INFO.kekPasskey, INFO.kekCheckPasskey];
  return { kek: hkdf(secret, slotId, kekInfo, KEY_BYTES), check: hkdf(secret, slotId, checkInfo, KEK_CHECK_BYTES, false) };
}

export function deriveRecoveryKek(rk: Uint8Array, slotId: Uint8Array): SlotSecrets {
  return deriveSlotSecrets('recovery', rk, slotId);
}

export function derivePasskeyKek(prfOutput: Uint8Array, slotId: Uint8Array): SlotSecrets {
  return deriveSlotSecrets('passkey', prfOutput, slotId);
}
