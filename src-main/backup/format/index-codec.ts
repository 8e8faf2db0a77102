// The index (docs/backup-format.md §11): which chunk is in which pack, at which offset. Decoding checks
// every length against the bytes that remain before reading or allocating anything, so a damaged
// index costs one error (BACKUP_OBJECT_CORRUPT, reason `index`, with a `problem`), never a huge
// allocation or a partial result.
import { ID_BYTES } from '../../crypto/ids.ts';
import {
  CHUNK_ID_BYTES,
  CHUNK_TYPE_CODES,
  chunkTypeOf,
  COMPRESSION_CODES,
  compressionOf,
  corrupt,
  INDEX_ENTRY_BYTES,
  invalidEntryField,
} from './layout.ts';
import type { IndexEntry } from './layout.ts';

export interface IndexedPack {
  readonly packId: Buffer;
  /** Size of the stored (encrypted) pack object, checked before decrypting it. */
  readonly storedSize: number;
  readonly entries: readonly IndexEntry[];
}

export interface PackIndex {
  /** Ids of the indexes this one replaces (written by prune, §15). */
  readonly supersedes: readonly Buffer[];
  readonly packs: readonly IndexedPack[];
}

const PACK_HEADER_BYTES = ID_BYTES + 8 + 4;

export function encodeIndex(index: PackIndex): Buffer {
  let size = 4 + index.supersedes.length * ID_BYTES + 4;
  for (const pack of index.packs) size += PACK_HEADER_BYTES + pack.entries.length * INDEX_ENTRY_BYTES;
  const out = Buffer.alloc(size);
  let at = out.writeUInt32LE(index.supersedes.length, 0);
  for (const id of index.supersedes) at = putBytes(out, at, id, ID_BYTES, 'index id');
  at = out.writeUInt32LE(index.packs.length, at);
  for (const pack of index.packs) {
    if (!Number.isSafeInteger(pack.storedSize) || pack.storedSize < 0) throw new RangeError('storedSize must be a safe integer');
    at = putBytes(out, at, pack.packId, ID_BYTES, 'pack id');
    at = out.writeBigUInt64LE(BigInt(pack.storedSize), at);
    at = out.writeUInt32LE(pack.entries.length, at);
    for (const entry of pack.entries) {
      at = putBytes(out, at, entry.chunkId, CHUNK_ID_BYTES, 'chunk id');
      out[at] = CHUNK_TYPE_CODES[entry.type];
      out[at + 1] = COMPRESSION_CODES[entry.compression];
      at = out.writeUInt16LE(0, at + 2);
      at = out.writeUInt32LE(entry.offset, at);
      at = out.writeUInt32LE(entry.rawLength, at);
      at = out.writeUInt32LE(entry.storedLength, at);
    }
  }
  return out;
}

export function decodeIndex(bytes: Uint8Array): PackIndex {
  const reader = new IndexReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const supersedes = Array.from({ length: reader.count(ID_BYTES) }, () => reader.copy(ID_BYTES));
  const packs = Array.from({ length: reader.count(PACK_HEADER_BYTES) }, () => {
    const packId = reader.copy(ID_BYTES);
    const storedSize = reader.u64();
    const entries = Array.from({ length: reader.count(INDEX_ENTRY_BYTES) }, () => readIndexEntry(reader));
    return { packId, storedSize, entries };
  });
  if (reader.remaining !== 0) throw corrupt('index', { problem: 'trailing-data', offset: reader.offset });
  return { supersedes, packs };
}

function readIndexEntry(reader: IndexReader): IndexEntry {
  const at = reader.offset;
  const chunkId = reader.copy(CHUNK_ID_BYTES);
  const fields = { type: reader.u8(), compression: reader.u8(), reserved: reader.u16(), offset: reader.u32() };
  const lengths = { rawLength: reader.u32(), storedLength: reader.u32() };
  const invalid = invalidEntryField({ ...fields, ...lengths }, false);
  const type = chunkTypeOf(fields.type);
  const compression = compressionOf(fields.compression);
  if (invalid !== null || type === null || compression === null) throw corrupt('index', { problem: invalid ?? 'type', offset: at });
  return { chunkId, type, compression, offset: fields.offset, ...lengths };
}

function putBytes(out: Buffer, at: number, bytes: Uint8Array, length: number, name: string): number {
  if (bytes.byteLength !== length) throw new TypeError(`${name} must be ${length} bytes`);
  out.set(bytes, at);
  return at + length;
}

/** Little-endian reads that turn running out of bytes into `index` corruption instead of a RangeError. */
class IndexReader {
  readonly #bytes: Buffer;
  #at = 0;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  get offset(): number {
    return this.#at;
  }

  get remaining(): number {
    return this.#bytes.length - this.#at;
  }

  /** A u32 count of items of at least `itemBytes` each; more than the remaining bytes can hold is corrupt. */
  count(itemBytes: number): number {
    const at = this.#at;
    const value = this.u32();
    if (value * itemBytes > this.remaining) throw corrupt('index', { problem: 'count', offset: at });
    return value;
  }

  u8(): number {
    return this.#bytes[this.#need(1)] ?? 0;
  }

  u16(): number {
    return this.#bytes.readUInt16LE(this.#need(2));
  }

  u32(): number {
    return this.#bytes.readUInt32LE(this.#need(4));
  }

  /** u64le; above 2^53 − 1 it cannot be a real size (nor a JS number), so it is corrupt. */
  u64(): number {
    const at = this.#need(8);
    const value = this.#bytes.readBigUInt64LE(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('index', { problem: 'stored-size', offset: at });
    return Number(value);
  }

  copy(length: number): Buffer {
    const at = this.#need(length);
    return Buffer.from(this.#bytes.subarray(at, at + length));
  }

  #need(length: number): number {
    const at = this.#at;
    if (length > this.remaining) throw corrupt('index', { problem: 'truncated', offset: at });
    this.#at += length;
    return at;
  }
}
