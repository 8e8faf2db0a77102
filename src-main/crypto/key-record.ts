// The cached form of BK, the same in the key file and inside the OS keystore's sealed blob, so a
// damaged or foreign cache entry is recognised instead of being used as a key.
import { AppError } from '../../src-shared/errors.ts';
import { KEY_BYTES, secureBuffer } from './sodium.ts';

const RECORD_MAGIC = Buffer.from('CPBK', 'ascii');
const RECORD_VERSION = 1;
export const KEY_RECORD_BYTES = RECORD_MAGIC.length + 1 + KEY_BYTES;

/** The cached form of BK, shared by both caches: "CPBK" | version u8 | BK (32). */
export function encodeKeyRecord(bk: Uint8Array): Buffer {
  if (bk.byteLength !== KEY_BYTES) throw new TypeError('BK is 32 bytes');
  const record = secureBuffer(KEY_RECORD_BYTES);
  RECORD_MAGIC.copy(record, 0);
  record[RECORD_MAGIC.length] = RECORD_VERSION;
  record.set(bk, RECORD_MAGIC.length + 1);
  return record;
}

/** Copies BK out of a record into secure memory. Does not zero `record`. */
export function decodeKeyRecord(record: Uint8Array): Buffer {
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  if (bytes.length !== KEY_RECORD_BYTES) throw new AppError('BACKUP_KEY_FILE_INVALID', undefined, { reason: 'size' });
  if (!bytes.subarray(0, RECORD_MAGIC.length).equals(RECORD_MAGIC))
    throw new AppError('BACKUP_KEY_FILE_INVALID', undefined, { reason: 'magic' });
  if (bytes[RECORD_MAGIC.length] !== RECORD_VERSION) throw new AppError('BACKUP_KEY_FILE_INVALID', undefined, { reason: 'version' });
  const bk = secureBuffer(KEY_BYTES);
  bk.set(bytes.subarray(RECORD_MAGIC.length + 1));
  return bk;
}
