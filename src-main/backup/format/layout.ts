// The numbers and names of the chunk, pack and index layouts (docs/backup-format.md §9–§11), shared by
// the writers and the readers so that the two can never disagree about a constant.
import { AppError } from '../../../src-shared/errors.ts';
import type { ErrorDetails } from '../../../src-shared/errors.ts';

export const MiB = 1024 * 1024;
export const CHUNK_ID_BYTES = 32;
/** Largest chunk, database or media (§9); also the largest raw length a pack entry may claim (§10). */
export const MAX_CHUNK_BYTES = 4 * MiB;
/** The database's first chunk: SQLite's header page, which every write changes (§9). */
export const DATABASE_HEADER_CHUNK_BYTES = 4096;
/** Media files are cut into fixed chunks of this size, the last one shorter (§9). */
export const MEDIA_CHUNK_BYTES = 4 * MiB;
/** A pack is finished once its plaintext reaches this size (§10). */
export const PACK_TARGET_BYTES = 16 * MiB;
/** Chunk id, type, compression, reserved (2), raw length, stored length (§10). */
export const ENTRY_HEADER_BYTES = 44;
/** Chunk id, type, compression, reserved (2), offset, raw length, stored length (§11). */
export const INDEX_ENTRY_BYTES = 48;

export type ChunkType = 'database' | 'media';
export type Compression = 'none' | 'zstd';

/** On-disk codes; type 0 is a padding entry, which readers skip and indexes never list. */
export const PADDING_TYPE = 0;
export const CHUNK_TYPE_CODES: Readonly<Record<ChunkType, number>> = { database: 1, media: 2 };
export const COMPRESSION_CODES: Readonly<Record<Compression, number>> = { none: 0, zstd: 1 };

export function chunkTypeOf(code: number): ChunkType | null {
  return code === 1 ? 'database' : code === 2 ? 'media' : null;
}

export function compressionOf(code: number): Compression | null {
  return code === 0 ? 'none' : code === 1 ? 'zstd' : null;
}

/** Where one chunk lives inside a pack plaintext: one pack entry, and one index entry (§10, §11). */
export interface IndexEntry {
  readonly chunkId: Buffer;
  readonly type: ChunkType;
  readonly compression: Compression;
  /** Offset of the entry header in the pack plaintext. */
  readonly offset: number;
  readonly rawLength: number;
  readonly storedLength: number;
}

/** The part of an entry that is the same in the pack and in the index, checked identically by both readers. */
export interface EntryFields {
  readonly type: number;
  readonly compression: number;
  readonly reserved: number;
  readonly rawLength: number;
  readonly storedLength: number;
}

/**
 * The first field that breaks the layout rules, or null. Stored length never exceeds raw length because
 * writers store a chunk uncompressed whenever compression does not make it smaller (§10); that also
 * bounds what a reader allocates for any entry to 4 MiB.
 */
export function invalidEntryField(fields: EntryFields, allowPadding: boolean): string | null {
  if (!(allowPadding && fields.type === PADDING_TYPE) && chunkTypeOf(fields.type) === null) return 'type';
  const compression = compressionOf(fields.compression);
  if (compression === null) return 'compression';
  if (fields.reserved !== 0) return 'reserved';
  if (fields.rawLength > MAX_CHUNK_BYTES) return 'raw-length';
  if (fields.storedLength > fields.rawLength || (compression === 'none' && fields.storedLength !== fields.rawLength))
    return 'stored-length';
  return null;
}

/** BACKUP_OBJECT_CORRUPT for a damaged pack, index or manifest plaintext (the object itself authenticated). */
export function corrupt(reason: 'pack' | 'index' | 'manifest' | 'chunk-id', details: ErrorDetails = {}, cause?: unknown): AppError {
  return new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason, ...details }, cause === undefined ? undefined : { cause });
}
