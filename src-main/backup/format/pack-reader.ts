// Reads pack plaintexts (docs/backup-format.md §10): lists their entries, and extracts one chunk with
// every check a restore needs. A pack plaintext has passed authentication before it gets here, so a
// failed check means a writer bug or a forged key, never storage noise; it is still reported precisely
// (BACKUP_OBJECT_CORRUPT, reason `pack` with the field and offset, or `chunk-id`).
import { zstdDecompressSync } from 'node:zlib';
import { chunkId } from '../../crypto/kdf.ts';
import { constantTimeEqual } from '../../crypto/sodium.ts';
import { CHUNK_ID_BYTES, chunkTypeOf, compressionOf, corrupt, ENTRY_HEADER_BYTES, invalidEntryField } from './layout.ts';
import type { IndexEntry } from './layout.ts';

interface ParsedEntry {
  /** Null for a padding entry. */
  readonly entry: IndexEntry | null;
  /** Offset just after the entry's stored bytes. */
  readonly end: number;
}

/** The entry at `offset`, every field and the bounds validated. */
function parseEntry(bytes: Buffer, offset: number): ParsedEntry {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + ENTRY_HEADER_BYTES > bytes.length) throw packCorrupt('entry-header', offset);
  const fields = {
    type: bytes[offset + 32] ?? -1,
    compression: bytes[offset + 33] ?? -1,
    reserved: bytes.readUInt16LE(offset + 34),
    rawLength: bytes.readUInt32LE(offset + 36),
    storedLength: bytes.readUInt32LE(offset + 40),
  };
  const invalid = invalidEntryField(fields, true);
  if (invalid !== null) throw packCorrupt(invalid, offset);
  const end = offset + ENTRY_HEADER_BYTES + fields.storedLength;
  if (end > bytes.length) throw packCorrupt('stored-length', offset);
  const type = chunkTypeOf(fields.type);
  const compression = compressionOf(fields.compression);
  if (type === null || compression === null) return { entry: null, end }; // padding (anything else failed above)
  const entry = {
    chunkId: Buffer.from(bytes.subarray(offset, offset + CHUNK_ID_BYTES)),
    type,
    compression,
    offset,
    rawLength: fields.rawLength,
    storedLength: fields.storedLength,
  };
  return { entry, end };
}

/**
 * Every chunk entry of a pack, in order, padding skipped. The entries must tile the plaintext
 * exactly: a partial header at the end is as corrupt as a stored length that runs past it.
 */
export function readPackEntries(plaintext: Uint8Array): IndexEntry[] {
  const bytes = asBuffer(plaintext);
  const entries: IndexEntry[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const { entry, end } = parseEntry(bytes, offset);
    if (entry !== null) entries.push(entry);
    offset = end;
  }
  return entries;
}

/**
 * The uncompressed bytes of the chunk that `expected` (an index entry, or one from readPackEntries)
 * places at `expected.offset`. The entry header in the pack must agree with it and the decompressed
 * size must be the raw length. The chunk id is not recomputed: callers either do that (extractChunk)
 * or check the whole file the chunk belongs to against its sha256 before using it (§9).
 */
export function chunkBytes(plaintext: Uint8Array, expected: IndexEntry): Buffer {
  const bytes = asBuffer(plaintext);
  const { entry } = parseEntry(bytes, expected.offset);
  if (entry === null || !sameEntry(entry, expected)) throw packCorrupt('index-entry', expected.offset);
  const stored = bytes.subarray(entry.offset + ENTRY_HEADER_BYTES, entry.offset + ENTRY_HEADER_BYTES + entry.storedLength);
  // An uncompressed chunk is a view of the pack plaintext (which nobody writes to): copying 4 MiB per
  // media chunk was a third of restore's garbage. It keeps the pack alive only while it is in use.
  const raw = entry.compression === 'zstd' ? decompress(stored, entry) : stored;
  if (raw.length !== entry.rawLength) throw packCorrupt('raw-length', entry.offset);
  return raw;
}

/** chunkBytes, and the chunk id recomputed: a mismatch is refused whatever the index claimed (§9). */
export function extractChunk(plaintext: Uint8Array, expected: IndexEntry, chunkIdKey: Uint8Array): Buffer {
  const raw = chunkBytes(plaintext, expected);
  // The id is keyed, so only a holder of BK could forge one; compare in constant time all the same.
  if (!constantTimeEqual(chunkId(chunkIdKey, raw), expected.chunkId)) throw corrupt('chunk-id', { offset: expected.offset });
  return raw;
}

function sameEntry(a: IndexEntry, b: IndexEntry): boolean {
  return (
    a.chunkId.equals(b.chunkId) &&
    a.type === b.type &&
    a.compression === b.compression &&
    a.rawLength === b.rawLength &&
    a.storedLength === b.storedLength
  );
}

function decompress(stored: Buffer, entry: IndexEntry): Buffer {
  try {
    // The output cap keeps a forged frame from inflating past the raw length (at most 4 MiB).
    return zstdDecompressSync(stored, { maxOutputLength: Math.max(1, entry.rawLength) });
  } catch (error) {
    throw packCorrupt('zstd', entry.offset, error);
  }
}

function packCorrupt(field: string, offset: number, cause?: unknown): Error {
  return corrupt('pack', { field, offset }, cause);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
