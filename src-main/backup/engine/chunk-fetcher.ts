// Fetches chunks for restore. A whole pack (16-20 MiB) is read, checked against the size the index
// promised, decrypted, and kept while its neighbours are used: a file's chunks sit together.
// Chunk ids are not recomputed here: restore checks every file it assembles against the manifest's
// sha256 before using it (§9), which already covers each chunk, at a third of BLAKE2b's cost.
// A pack is decrypted into one plaintext buffer the fetcher reuses; from a folder its stored bytes
// come in 2 MiB pieces, each read while the one before is decrypted, so they need no 20 MiB buffer
// of their own (S3 reads whole objects). A restore of any size thus allocates one pack buffer, not
// two per pack. The plaintext buffer is shared memory, so the hashing worker can read a chunk in
// place while this thread writes it out.
import { AppError } from '../../../src-shared/errors.ts';
import { plaintextLengthOf } from '../../crypto/object-codec.ts';
import type { ChunkLocator } from '../format/chunk-locator.ts';
import { ENTRY_HEADER_BYTES, MAX_CHUNK_BYTES, PACK_TARGET_BYTES, type IndexEntry } from '../format/layout.ts';
import { paddedPackSize } from '../format/padme.ts';
import { chunkBytes } from '../format/pack-reader.ts';
import { nameOfObject, type ReadBuffers } from '../repository/objects.ts';
import type { UnlockedRepository } from '../repository/repository.ts';

interface CachedPack {
  packId: string | null;
  buffer: Buffer;
  plaintext: Buffer | null;
  /** Work still reading chunks of this buffer (hold()); it is not overwritten before they settle. */
  holds: Promise<unknown>[];
}

const CACHED_PACKS = 1;

/** Pieces of a pack read while the one before is decrypted: larger than a frame (§6), a few per pack. */
const READ_PIECE_BYTES = 2 * 1024 * 1024;

/**
 * What this writer's largest pack decrypts to: just under the target, one more chunk with its entry,
 * then padding (16.5–20 MiB in practice). Buffers start at this size, so they are allocated once
 * instead of again each time a pack is a little larger than any before (the old ones were garbage).
 */
const PACK_PLAINTEXT_BYTES = paddedPackSize(PACK_TARGET_BYTES + MAX_CHUNK_BYTES + 2 * ENTRY_HEADER_BYTES);

export class ChunkFetcher {
  readonly #repository: UnlockedRepository;
  readonly #locator: ChunkLocator;
  /** Oldest first; the first one is the next to be overwritten. */
  readonly #cache: CachedPack[] = [];
  /** What a pack is read into, piece by piece, on its way to the plaintext buffer. */
  readonly #pieces: readonly [Buffer, Buffer] = [Buffer.allocUnsafeSlow(READ_PIECE_BYTES), Buffer.allocUnsafeSlow(READ_PIECE_BYTES)];

  /**
   * Callers fetch in repository order (ChunkLocator.inRepositoryOrder), so one decrypted pack is
   * kept: each pack buffer is about 20 MiB, and a second one bought no measurable speed.
   */
  constructor(repository: UnlockedRepository, locator: ChunkLocator) {
    this.#repository = repository;
    this.#locator = locator;
  }

  /**
   * The chunk's bytes, its length and pack entry checked; the caller checks the file's sha256. The
   * bytes are a view of a reused buffer: valid until the next call, unless the caller hold()s them.
   */
  async get(chunkId: string, expectedSize: number): Promise<Buffer> {
    const { plaintext, entry } = await this.#locate(chunkId, expectedSize);
    return chunkBytes(plaintext, entry);
  }

  /** Keeps the buffer `bytes` live in from being reused until `until` settles. */
  hold(bytes: Uint8Array, until: Promise<unknown>): void {
    this.#cache.find((pack) => pack.buffer.buffer === bytes.buffer)?.holds.push(until);
  }

  async #locate(chunkId: string, expectedSize: number): Promise<{ plaintext: Buffer; entry: IndexEntry }> {
    const location = this.#locator.get(chunkId);
    if (location === undefined) throw new AppError('BACKUP_OBJECT_MISSING', 'A chunk of this backup is in no index.', { chunkId });
    if (location.entry.rawLength !== expectedSize)
      throw new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason: 'chunk-size', chunkId });
    return { plaintext: await this.#pack(location.packId, location.packStoredSize), entry: location.entry };
  }

  async #pack(packId: string, storedSize: number): Promise<Buffer> {
    const cached = this.#cache.find((pack) => pack.packId === packId);
    if (cached?.plaintext != null) return cached.plaintext;
    const slot = await this.#slotFor(plaintextLengthOf(storedSize) ?? 0);
    slot.plaintext = await readPack(this.#repository, packId, storedSize, { pieces: this.#pieces, storedSize, plaintext: slot.buffer });
    slot.packId = packId;
    return slot.plaintext;
  }

  /** The least recently loaded slot, once nothing holds it, emptied first: a failed read must not leave it named. */
  async #slotFor(plaintextBytes: number): Promise<CachedPack> {
    const fresh: CachedPack = { packId: null, buffer: Buffer.alloc(0), plaintext: null, holds: [] };
    const slot = this.#cache.length < CACHED_PACKS ? fresh : this.#cache.shift();
    if (slot === undefined) throw new Error('unreachable: the pack cache is full but empty');
    await Promise.allSettled(slot.holds);
    slot.holds = [];
    slot.packId = null;
    slot.plaintext = null;
    if (slot.buffer.length < plaintextBytes)
      slot.buffer = Buffer.from(new SharedArrayBuffer(Math.max(plaintextBytes, PACK_PLAINTEXT_BYTES)));
    this.#cache.push(slot);
    return slot;
  }
}

/** Packs larger than this (another writer's) get buffers of their own: an index is not a size to trust blindly. */
const REUSED_PACK_BUFFER_MAX = 64 * 1024 * 1024;

/**
 * Buffers for reading these packs one after the other (readPack), each done with before the next is
 * read: verify and prune then allocate two buffers in all, not two new 16-20 MiB ones per pack.
 */
export function packReadBuffers(storedSizes: readonly number[]): ReadBuffers {
  const largest = Math.min(
    REUSED_PACK_BUFFER_MAX,
    storedSizes.reduce((max, size) => Math.max(max, size), 0),
  );
  return { stored: Buffer.allocUnsafeSlow(largest), plaintext: Buffer.allocUnsafeSlow(largest) };
}

/** A pack's plaintext, after checking its stored size against what the index promised. */
export async function readPack(repository: UnlockedRepository, packId: string, storedSize: number, buffers?: ReadBuffers): Promise<Buffer> {
  const name = nameOfObject('pack', packId);
  const info = await repository.statObject('pack', packId);
  if (info === null) throw new AppError('BACKUP_OBJECT_MISSING', undefined, { object: name });
  // A pack shorter than the index says is still arriving (sync) or was cut off: say so before decrypting.
  if (info.size < storedSize) throw new AppError('BACKUP_OBJECT_TRUNCATED', undefined, { reason: 'pack-size', object: name });
  if (info.size > storedSize) throw new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason: 'pack-size', object: name });
  return repository.readObject('pack', packId, buffers);
}
