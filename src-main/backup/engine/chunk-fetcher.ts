// Fetches chunks for restore. A whole pack (16-20 MiB) is read, checked against the size the index
// promised, decrypted, and kept while its neighbours are used: a file's chunks sit together.
// Chunk ids are not recomputed here: restore checks every file it assembles against the manifest's
// sha256 before using it (§9), which already covers each chunk, at a third of BLAKE2b's cost.
// A pack is decrypted into one plaintext buffer the fetcher reuses; its stored bytes come in 2 MiB
// pieces (from a folder or a bucket), each read while the one before is decrypted, so they need no
// 20 MiB buffer of their own. A restore of any size thus allocates one pack buffer, not
// two per pack. The plaintext buffer is shared memory, so the hashing worker can read a chunk in
// place while this thread writes it out.
// getChunk() hands out a chunk as soon as the messages that hold it are authenticated, so writing and
// hashing it overlap with decrypting the rest of its pack; what it returns says when the whole pack
// has been authenticated, which a caller waits for before trusting the chunk (§6.3).
// The next pack is decrypted into the same buffer as soon as the last one is, each part of the
// buffer once the chunks held there are written and hashed: waiting for all of them first left the
// thread idle at every pack's end while the last chunk was written, and the next pack's first read
// unstarted (a tenth of a restore's media phase).
import { AppError } from '../../../src-shared/errors.ts';
import { plaintextLengthOf } from '../../crypto/object-codec.ts';
import { alignedBuffer } from '../../files/aligned-blocks.ts';
import type { ChunkLocator } from '../format/chunk-locator.ts';
import { ENTRY_HEADER_BYTES, MAX_CHUNK_BYTES, PACK_TARGET_BYTES } from '../format/layout.ts';
import { paddedPackSize } from '../format/padme.ts';
import { chunkBytes } from '../format/pack-reader.ts';
import { nameOfObject, type ReadBuffers } from '../repository/objects.ts';
import type { UnlockedRepository } from '../repository/repository.ts';

/** A chunk whose bytes are authenticated, in a pack that may still turn out damaged further on. */
export interface FetchedChunk {
  readonly bytes: Buffer;
  /** Resolves once the whole pack is authenticated, its final message included; rejects as the read failed. */
  readonly complete: Promise<void>;
}

interface Waiter {
  readonly end: number;
  readonly resolve: (plaintext: Buffer) => void;
  readonly reject: (error: unknown) => void;
}

/** Bytes of a slot's buffer still being written out or hashed (hold()). */
interface Hold {
  readonly start: number;
  readonly end: number;
  readonly until: Promise<unknown>;
  settled: boolean;
}

interface CachedPack {
  packId: string | null;
  buffer: Buffer;
  /** Authenticated plaintext at the start of `buffer` so far. */
  decrypted: number;
  /** The read of the whole pack; null before one started. */
  whole: Promise<Buffer> | null;
  /** What `whole` resolved to (usually a view of `buffer`). */
  plaintext: Buffer | null;
  waiters: Waiter[];
  /** Work still reading parts of this buffer, this pack's or the last one's: not overwritten before it settles. */
  holds: Hold[];
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
  readonly #pieces: readonly [Buffer, Buffer] = [alignedBuffer(READ_PIECE_BYTES), alignedBuffer(READ_PIECE_BYTES)];

  /**
   * Callers fetch in repository order (ChunkLocator.inRepositoryOrder), so one decrypted pack is
   * kept: each pack buffer is about 20 MiB, and a second one bought no measurable speed.
   */
  constructor(repository: UnlockedRepository, locator: ChunkLocator) {
    this.#repository = repository;
    this.#locator = locator;
  }

  /**
   * The chunk's bytes, its length and pack entry checked, once its whole pack is authenticated; the
   * caller checks the file's sha256. The bytes are a view of a reused buffer: valid until the next
   * call, unless the caller hold()s them.
   */
  async get(chunkId: string, expectedSize: number): Promise<Buffer> {
    const { bytes, complete } = await this.getChunk(chunkId, expectedSize);
    await complete;
    return bytes;
  }

  /** Like get(), but as soon as the chunk's own bytes are authenticated; see FetchedChunk. */
  async getChunk(chunkId: string, expectedSize: number): Promise<FetchedChunk> {
    const location = this.#locator.get(chunkId);
    if (location === undefined) throw new AppError('BACKUP_OBJECT_MISSING', 'A chunk of this backup is in no index.', { chunkId });
    const { entry } = location;
    if (entry.rawLength !== expectedSize) throw new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason: 'chunk-size', chunkId });
    const pack = await this.#pack(location.packId, location.packStoredSize);
    const whole = pack.whole ?? Promise.reject(new Error('unreachable: a pack being read has no read'));
    const plaintext = await this.#decryptedTo(pack, whole, entry.offset + ENTRY_HEADER_BYTES + entry.storedLength);
    const complete = whole.then(() => undefined);
    complete.catch(() => undefined); // the caller's to await; its failure is also get()'s and the next read's
    return { bytes: chunkBytes(plaintext, entry), complete };
  }

  /** Keeps the buffer `bytes` live in from being reused until `until` settles. */
  hold(bytes: Uint8Array, until: Promise<unknown>): void {
    const pack = this.#cache.find((cached) => cached.buffer.buffer === bytes.buffer);
    if (pack === undefined) return;
    const start = bytes.byteOffset - pack.buffer.byteOffset;
    const hold: Hold = { start, end: start + bytes.byteLength, until, settled: false };
    const settle = (): void => {
      hold.settled = true;
    };
    until.then(settle, settle);
    pack.holds.push(hold);
  }

  /** The pack's slot, its read started if it is not the one already there. */
  async #pack(packId: string, storedSize: number): Promise<CachedPack> {
    const cached = this.#cache.find((pack) => pack.packId === packId);
    if (cached !== undefined) return cached;
    const slot = await this.#slotFor(plaintextLengthOf(storedSize) ?? 0);
    slot.packId = packId;
    const whole = readPack(this.#repository, packId, storedSize, {
      pieces: this.#pieces,
      storedSize,
      plaintext: slot.buffer,
      onDecrypted: (bytes) => this.#advance(slot, bytes),
      whenFree: (start, end) => whenFree(slot, start, end),
    });
    slot.whole = whole;
    whole.then(
      (plaintext) => {
        slot.plaintext = plaintext;
        for (const waiter of slot.waiters.splice(0)) waiter.resolve(plaintext);
      },
      (error: unknown) => {
        // A failed read must not leave the slot named: the next get() tries again (and fails again).
        if (slot.whole === whole) slot.packId = null;
        for (const waiter of slot.waiters.splice(0)) waiter.reject(error);
      },
    );
    return slot;
  }

  /** The plaintext so far once it holds `end` bytes, or the whole (which a bad entry may overrun). */
  #decryptedTo(pack: CachedPack, whole: Promise<Buffer>, end: number): Promise<Buffer> {
    if (pack.plaintext !== null) return Promise.resolve(pack.plaintext);
    if (pack.decrypted >= end) return Promise.resolve(pack.buffer.subarray(0, pack.decrypted));
    const woken = new Promise<Buffer>((resolve, reject) => pack.waiters.push({ end, resolve, reject }));
    // The read may have failed (and woken its waiters) before this one was added: it fails too then.
    return Promise.race([woken, whole]);
  }

  /** The first `bytes` of the slot's buffer are authenticated: wakes whoever needs no more. */
  #advance(pack: CachedPack, bytes: number): void {
    pack.decrypted = bytes;
    const plaintext = pack.buffer.subarray(0, bytes);
    pack.waiters = pack.waiters.filter((waiter) => {
      if (waiter.end > bytes) return true;
      waiter.resolve(plaintext);
      return false;
    });
  }

  /** The least recently loaded slot, emptied once its pack's read is over; holds on its buffer stay. */
  async #slotFor(plaintextBytes: number): Promise<CachedPack> {
    const fresh: CachedPack = { packId: null, buffer: Buffer.alloc(0), decrypted: 0, whole: null, plaintext: null, waiters: [], holds: [] };
    const slot = this.#cache.length < CACHED_PACKS ? fresh : this.#cache.shift();
    if (slot === undefined) throw new Error('unreachable: the pack cache is full but empty');
    await slot.whole?.catch(() => undefined);
    slot.holds = slot.holds.filter((hold) => !hold.settled);
    slot.waiters = [];
    slot.packId = null;
    slot.whole = null;
    slot.plaintext = null;
    slot.decrypted = 0;
    if (slot.buffer.length < plaintextBytes) {
      // The old buffer stays alive for whoever holds views of it; the new one has no holds.
      slot.buffer = Buffer.from(new SharedArrayBuffer(Math.max(plaintextBytes, PACK_PLAINTEXT_BYTES)));
      slot.holds = [];
    }
    this.#cache.push(slot);
    return slot;
  }
}

/**
 * Settles once nothing holds the slot's buffer between `start` and `end`; undefined when nothing does
 * now. The pack's own chunks are all before `start` (they are handed out as decrypted).
 */
function whenFree(pack: CachedPack, start: number, end: number): Promise<unknown> | undefined {
  const busy = pack.holds.filter((hold) => !hold.settled && hold.start < end && hold.end > start);
  return busy.length === 0 ? undefined : Promise.allSettled(busy.map((hold) => hold.until));
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
