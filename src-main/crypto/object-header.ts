// The 40-byte clear header in front of every encrypted object (docs/backup-format.md, "Encrypted
// objects"). It is bound as associated data to every secretstream message, and checked field by field
// before anything is decrypted, so a wrong object gets a precise error instead of a generic one.
import { AppError } from '../../src-shared/errors.ts';
import { ID_BYTES } from './ids.ts';

export const OBJECT_MAGIC = Buffer.from('CPBO', 'ascii');
export const FORMAT_VERSION = 1;
export const SUITE_V1 = 1;
/** log2 of the plaintext size of every non-final message: 64 KiB. */
export const MESSAGE_SIZE_LOG2 = 16;
export const MESSAGE_BYTES = 1 << MESSAGE_SIZE_LOG2;
export const OBJECT_HEADER_BYTES = 8 + 2 * ID_BYTES;

export const OBJECT_KINDS = { pack: 1, index: 2, snapshot: 3, lock: 4 } as const;
export type ObjectKind = keyof typeof OBJECT_KINDS;

export interface ObjectRef {
  readonly kind: ObjectKind;
  readonly repositoryId: Uint8Array;
  readonly objectId: Uint8Array;
}

export function encodeObjectHeader(ref: ObjectRef): Buffer {
  assertId(ref.repositoryId, 'repositoryId');
  assertId(ref.objectId, 'objectId');
  const out = Buffer.alloc(OBJECT_HEADER_BYTES);
  OBJECT_MAGIC.copy(out, 0);
  out[4] = FORMAT_VERSION;
  out[5] = SUITE_V1;
  out[6] = OBJECT_KINDS[ref.kind];
  out[7] = MESSAGE_SIZE_LOG2;
  out.set(ref.repositoryId, 8);
  out.set(ref.objectId, 8 + ID_BYTES);
  return out;
}

/** Throws the specific error for the first field that differs from what the caller asked for. */
export function checkObjectHeader(header: Uint8Array, expected: ObjectRef): void {
  const bytes = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  if (bytes.length < OBJECT_HEADER_BYTES) throw new AppError('BACKUP_OBJECT_TRUNCATED', undefined, { reason: 'header' });
  if (!bytes.subarray(0, 4).equals(OBJECT_MAGIC)) throw new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason: 'magic' });
  unsupportedIf('version', bytes[4], FORMAT_VERSION);
  unsupportedIf('suite', bytes[5], SUITE_V1);
  unsupportedIf('messageSize', bytes[7], MESSAGE_SIZE_LOG2);
  const kindByte = OBJECT_KINDS[expected.kind];
  if (bytes[6] !== kindByte) throw mismatch('kind', { expected: kindByte, found: bytes[6] ?? -1 });
  if (!bytes.subarray(8, 8 + ID_BYTES).equals(expected.repositoryId)) throw mismatch('repositoryId');
  if (!bytes.subarray(8 + ID_BYTES, OBJECT_HEADER_BYTES).equals(expected.objectId)) throw mismatch('objectId');
}

function unsupportedIf(field: string, found: number | undefined, supported: number): void {
  if (found !== supported) throw new AppError('BACKUP_FORMAT_UNSUPPORTED', undefined, { field, found: found ?? -1, supported });
}

function mismatch(field: string, extra: Readonly<Record<string, number>> = {}): AppError {
  return new AppError('BACKUP_OBJECT_MISMATCH', undefined, { field, ...extra });
}

function assertId(id: Uint8Array, name: string): void {
  if (id.byteLength !== ID_BYTES) throw new TypeError(`${name} must be ${ID_BYTES} bytes`);
}
