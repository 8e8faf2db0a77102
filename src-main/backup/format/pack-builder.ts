// Builds the plaintext of one pack (docs/backup-format.md §10): chunk entries, each compressed with
// zstd when that makes it smaller, then one Padmé padding entry. The repository layer encrypts the
// result as an object of kind `pack`; this module does no I/O and no encryption.
import { constants, zstdCompressSync } from 'node:zlib';
import { paddedPackSize } from './padme.ts';
import {
  CHUNK_ID_BYTES,
  CHUNK_TYPE_CODES,
  COMPRESSION_CODES,
  ENTRY_HEADER_BYTES,
  MAX_CHUNK_BYTES,
  PACK_TARGET_BYTES,
  PADDING_TYPE,
} from './layout.ts';
import type { ChunkType, Compression, IndexEntry } from './layout.ts';

export const ZSTD_LEVEL = 3;
const ZSTD_OPTIONS = { params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } };

export interface PackChunk {
  readonly chunkId: Uint8Array;
  readonly type: ChunkType;
  /**
   * The chunk's uncompressed bytes. When stored uncompressed they are referenced, not copied, until
   * the pack is encrypted: do not modify them (chunkers hand out chunks nobody else writes to).
   */
  readonly raw: Uint8Array;
  /** Try zstd. Pass false for media that are already compressed (§10 allows it): it saves the attempt. */
  readonly compress: boolean;
}

/**
 * A finished pack as the list of its pieces in order (entry headers, stored bytes, padding).
 * Streaming `segments` into the object encryptor costs no copy; `plaintext` joins them on first use.
 */
export class FinishedPack {
  readonly segments: readonly Buffer[];
  /** Padded plaintext size. */
  readonly size: number;
  /** One entry per chunk, in pack order; the padding entry is not listed (§11). */
  readonly entries: IndexEntry[];
  #plaintext: Buffer | null = null;

  constructor(segments: readonly Buffer[], size: number, entries: IndexEntry[]) {
    this.segments = segments;
    this.size = size;
    this.entries = entries;
  }

  get plaintext(): Buffer {
    this.#plaintext ??= Buffer.concat(this.segments, this.size);
    return this.#plaintext;
  }
}

/**
 * Collects entries as segments rather than copying them into one buffer: media chunks go from the
 * file to the encryptor without a copy, and no 20 MiB buffer of fresh memory (page faults, measured
 * at a third of the media path's time) is needed per pack.
 */
export class PackBuilder {
  #segments: Buffer[] | null = [];
  #length = 0;
  readonly #entries: IndexEntry[] = [];

  /** Unpadded plaintext bytes so far. */
  get plaintextSize(): number {
    return this.#length;
  }

  get entryCount(): number {
    return this.#entries.length;
  }

  /** The pack has reached 16 MiB: finish it and start a new one (§10). */
  get isFull(): boolean {
    return this.#length >= PACK_TARGET_BYTES;
  }

  add(chunk: PackChunk): IndexEntry {
    const segments = this.#open();
    if (this.isFull) throw new Error('PackBuilder.add() on a full pack');
    if (chunk.chunkId.byteLength !== CHUNK_ID_BYTES) throw new TypeError(`chunk ids are ${CHUNK_ID_BYTES} bytes`);
    if (chunk.raw.byteLength > MAX_CHUNK_BYTES) throw new RangeError(`chunks are at most ${MAX_CHUNK_BYTES} bytes`);
    const raw = Buffer.from(chunk.raw.buffer, chunk.raw.byteOffset, chunk.raw.byteLength);
    const compressed = chunk.compress && raw.length > 0 ? zstdCompressSync(raw, ZSTD_OPTIONS) : null;
    const useZstd = compressed !== null && compressed.length < raw.length;
    const stored = useZstd ? compressed : raw;
    const entry: IndexEntry = {
      chunkId: Buffer.from(chunk.chunkId),
      type: chunk.type,
      compression: useZstd ? 'zstd' : 'none',
      offset: this.#length,
      rawLength: raw.length,
      storedLength: stored.length,
    };
    segments.push(entryHeader(entry.chunkId, CHUNK_TYPE_CODES[entry.type], entry.compression, entry.rawLength, entry.storedLength), stored);
    this.#length += ENTRY_HEADER_BYTES + stored.length;
    this.#entries.push(entry);
    return entry;
  }

  /**
   * Hands over the segments added so far, for a writer that streams the pack while it fills (offsets
   * and entries carry on). finish() then returns only what came after.
   */
  drain(): Buffer[] {
    const segments = this.#open();
    this.#segments = [];
    return segments;
  }

  /** Pads the pack and returns it. The builder cannot be used afterwards. */
  finish(): FinishedPack {
    const segments = this.#open();
    this.#segments = null;
    const target = paddedPackSize(this.#length);
    if (target > this.#length) {
      const padding = target - this.#length - ENTRY_HEADER_BYTES;
      segments.push(entryHeader(null, PADDING_TYPE, 'none', padding, padding), Buffer.alloc(padding));
    }
    return new FinishedPack(segments, target, this.#entries);
  }

  #open(): Buffer[] {
    if (this.#segments === null) throw new Error('PackBuilder used after finish()');
    return this.#segments;
  }
}

/** One 44-byte entry header; a null chunk id is written as zeros (padding). */
function entryHeader(
  chunkId: Uint8Array | null,
  typeCode: number,
  compression: Compression,
  rawLength: number,
  storedLength: number,
): Buffer {
  const header = Buffer.alloc(ENTRY_HEADER_BYTES);
  if (chunkId !== null) header.set(chunkId, 0);
  header[32] = typeCode;
  header[33] = COMPRESSION_CODES[compression];
  header.writeUInt32LE(rawLength, 36);
  header.writeUInt32LE(storedLength, 40);
  return header;
}
