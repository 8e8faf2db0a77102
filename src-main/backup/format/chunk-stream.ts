// Chunkers turn a byte stream into chunks (docs/backup-format.md §9): FastCDC for the database, fixed
// 4 MiB pieces for media. Media are immutable and already compressed, so content-defined boundaries
// would buy nothing there; fixed cuts cost no per-byte work and usually no copy at all. FixedChunker
// is the reference the §9 vectors pin down; backups read media through hashing/media-chunks.ts, which
// cuts the same way straight into pooled buffers (its test compares the two).
import { ByteQueue } from '../../crypto/byte-queue.ts';
import { chunkId } from '../../crypto/kdf.ts';
import { DatabaseChunker } from './fastcdc.ts';
import { DATABASE_HEADER_CHUNK_BYTES, MAX_CHUNK_BYTES, MEDIA_CHUNK_BYTES } from './layout.ts';

/** Push pieces of any size; each call returns the chunks completed so far, in order. */
export interface Chunker {
  push(piece: Uint8Array): Buffer[];
  /** End of input: the remaining chunks. */
  flush(): Buffer[];
}

export interface Chunk {
  /** BLAKE2b-256 keyed with the chunk-id key, over `bytes` (§9). */
  readonly id: Buffer;
  readonly bytes: Buffer;
}

export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Fixed-size cuts. A chunk that lies inside one input piece is a view of it (read media with
 * pieces of 4 MiB and nothing is copied); otherwise the pieces are joined once. So a pushed piece's
 * memory must not be reused by the caller until its chunks are consumed.
 */
export class FixedChunker implements Chunker {
  readonly #size: number;
  readonly #queue = new ByteQueue();

  constructor(size: number = MEDIA_CHUNK_BYTES) {
    if (!Number.isInteger(size) || size < 1 || size > MAX_CHUNK_BYTES) throw new RangeError(`chunk size must be 1..${MAX_CHUNK_BYTES}`);
    this.#size = size;
  }

  push(piece: Uint8Array): Buffer[] {
    this.#queue.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    const chunks: Buffer[] = [];
    for (let chunk = this.#queue.take(this.#size); chunk !== null; chunk = this.#queue.take(this.#size)) chunks.push(chunk);
    return chunks;
  }

  flush(): Buffer[] {
    const rest = this.#queue.take(this.#queue.length);
    return rest === null || rest.length === 0 ? [] : [rest];
  }
}

export function createFixedChunker(size: number = MEDIA_CHUNK_BYTES): FixedChunker {
  return new FixedChunker(size);
}

/** Runs a whole source through `chunker`. */
export async function* chunkStream(source: ByteSource, chunker: Chunker): AsyncGenerator<Buffer> {
  for await (const piece of source) yield* chunker.push(piece);
  yield* chunker.flush();
}

/**
 * The database's chunks (§9): its first 4096 bytes alone, then FastCDC keyed by the gear table of
 * kdf.deriveCdcGearTable. SQLite rewrites its header page on every change; on its own it costs 4 KiB
 * per backup instead of the whole first CDC chunk.
 */
export async function* databaseChunks(source: ByteSource, gear: Uint32Array): AsyncGenerator<Buffer> {
  const body = new DatabaseChunker(gear);
  const header: Buffer[] = [];
  let headerBytes = 0;
  for await (const piece of source) {
    let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (headerBytes < DATABASE_HEADER_CHUNK_BYTES) {
      const taken = rest.subarray(0, DATABASE_HEADER_CHUNK_BYTES - headerBytes);
      header.push(taken);
      headerBytes += taken.length;
      rest = rest.subarray(taken.length);
      if (headerBytes === DATABASE_HEADER_CHUNK_BYTES) yield Buffer.concat(header);
    }
    if (rest.length > 0) yield* body.push(rest);
  }
  if (headerBytes > 0 && headerBytes < DATABASE_HEADER_CHUNK_BYTES) yield Buffer.concat(header);
  yield* body.flush();
}

/** A media file's chunks: `size` bytes each (4 MiB in suite 1), the last one shorter; none for an empty file. */
export function fixedChunks(source: ByteSource, size: number = MEDIA_CHUNK_BYTES): AsyncGenerator<Buffer> {
  return chunkStream(source, new FixedChunker(size));
}

/** Names each chunk on this thread (the database's; media ids are computed in the hashing worker). */
export async function* withChunkIds(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, chunkIdKey: Uint8Array): AsyncGenerator<Chunk> {
  for await (const bytes of chunks) yield { id: chunkId(chunkIdKey, bytes), bytes };
}
