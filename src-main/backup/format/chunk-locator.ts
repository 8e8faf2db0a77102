// Where every known chunk is: the union of the repository's live indexes (docs/backup-format.md §11).
// A large repository holds about a million chunks, so this is a flat open-addressing hash table over
// typed arrays (about 60 bytes per chunk, nothing for the garbage collector to trace) rather than a
// Map of objects (several hundred bytes per chunk).
import { idToHex } from '../../crypto/ids.ts';
import { CHUNK_ID_BYTES, CHUNK_TYPE_CODES, chunkTypeOf, COMPRESSION_CODES, compressionOf } from './layout.ts';
import type { IndexEntry } from './layout.ts';
import type { IndexedPack, PackIndex } from './index-codec.ts';

export interface ChunkLocation {
  /** The pack's id as hex, as in its file name data/<2 hex>/<pack id>. */
  readonly packId: string;
  readonly packStoredSize: number;
  readonly entry: IndexEntry;
}

export interface LoadedIndex {
  readonly indexId: Uint8Array;
  readonly index: PackIndex;
}

/**
 * The indexes a reader uses: every one not listed in the `supersedes` of another loaded index (§11).
 * A stale index left behind by a sync lag or a crashed prune is thereby ignored while the data it
 * described is still reachable through the index that replaced it.
 */
export function activeIndexes<T extends LoadedIndex>(indexes: readonly T[]): T[] {
  const superseded = new Set<string>();
  for (const { indexId, index } of indexes) {
    const self = idToHex(indexId);
    for (const id of index.supersedes) if (idToHex(id) !== self) superseded.add(idToHex(id));
  }
  return indexes.filter(({ indexId }) => !superseded.has(idToHex(indexId)));
}

const NO_ENTRY = -1;
const chunkIdHex = /^[0-9a-f]{64}$/;

export class ChunkLocator {
  // Per pack.
  readonly #packIds: string[] = [];
  readonly #packSizes: number[] = [];
  // Per chunk, dense, in insertion order.
  #count = 0;
  #ids = new Uint8Array(0);
  #pack = new Uint32Array(0);
  #offset = new Uint32Array(0);
  #raw = new Uint32Array(0);
  #stored = new Uint32Array(0);
  #codes = new Uint8Array(0); // type | compression << 4
  // Hash slots → dense entry number; kept at most half full so probes stay short.
  #slots = new Int32Array(16).fill(NO_ENTRY);

  static fromIndexes(indexes: readonly LoadedIndex[]): ChunkLocator {
    const locator = new ChunkLocator();
    for (const { index } of activeIndexes(indexes)) for (const pack of index.packs) locator.addPack(pack);
    return locator;
  }

  get size(): number {
    return this.#count;
  }

  /** Adds every entry of a pack. A chunk already known keeps its first location (either copy is valid). */
  addPack(pack: IndexedPack): void {
    const packNumber = this.#packIds.push(idToHex(pack.packId)) - 1;
    this.#packSizes.push(pack.storedSize);
    for (const entry of pack.entries) {
      const slot = this.#find(toIdBytes(entry.chunkId));
      if (this.#slots[slot] !== NO_ENTRY) continue;
      this.#append(packNumber, entry);
      this.#slots[slot] = this.#count - 1;
      if (this.#count * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    }
  }

  has(chunkId: Uint8Array | string): boolean {
    return this.#slots[this.#find(toIdBytes(chunkId))] !== NO_ENTRY;
  }

  get(chunkId: Uint8Array | string): ChunkLocation | undefined {
    const n = this.#slots[this.#find(toIdBytes(chunkId))] ?? NO_ENTRY;
    if (n === NO_ENTRY) return undefined;
    const packNumber = this.#pack[n] ?? 0;
    const codes = this.#codes[n] ?? 0;
    const entry: IndexEntry = {
      chunkId: Buffer.from(this.#ids.subarray(n * CHUNK_ID_BYTES, (n + 1) * CHUNK_ID_BYTES)),
      type: chunkTypeOf(codes & 0xf) ?? 'database',
      compression: compressionOf(codes >> 4) ?? 'none',
      offset: this.#offset[n] ?? 0,
      rawLength: this.#raw[n] ?? 0,
      storedLength: this.#stored[n] ?? 0,
    };
    return { packId: this.#packIds[packNumber] ?? '', packStoredSize: this.#packSizes[packNumber] ?? 0, entry };
  }

  /**
   * `items` in the order their chunks were written: by pack in index order (which is the order a
   * backup stored them), then by offset in the pack (stable otherwise). A file whose chunks run on
   * into the next pack then comes just before the files that start there, so a reader that keeps one
   * decrypted pack reads each pack once; in pack-id order (random) it read about a third of them
   * twice. An item whose chunk is unknown comes first, and its fetch then fails.
   */
  inRepositoryOrder<T>(items: readonly T[], chunkIdOf: (item: T) => string | undefined): T[] {
    const positionOf = (item: T): { pack: number; offset: number } => {
      const id = chunkIdOf(item);
      const n = id === undefined ? NO_ENTRY : (this.#slots[this.#find(toIdBytes(id))] ?? NO_ENTRY);
      return n === NO_ENTRY ? { pack: -1, offset: 0 } : { pack: this.#pack[n] ?? 0, offset: this.#offset[n] ?? 0 };
    };
    return items
      .map((item) => ({ item, ...positionOf(item) }))
      .sort((a, b) => a.pack - b.pack || a.offset - b.offset)
      .map(({ item }) => item);
  }

  /** The slot holding `id`, or the empty slot where it would go (linear probing). */
  #find(id: Uint8Array): number {
    const mask = this.#slots.length - 1;
    // Chunk ids are keyed BLAKE2b outputs, uniformly distributed: their first bytes are a good hash.
    let slot = ((id[0] ?? 0) | ((id[1] ?? 0) << 8) | ((id[2] ?? 0) << 16) | ((id[3] ?? 0) << 24)) & mask;
    for (;;) {
      const n = this.#slots[slot] ?? NO_ENTRY;
      if (n === NO_ENTRY || this.#idEquals(n, id)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  #idEquals(n: number, id: Uint8Array): boolean {
    const base = n * CHUNK_ID_BYTES;
    for (let i = 0; i < CHUNK_ID_BYTES; i++) if (this.#ids[base + i] !== id[i]) return false;
    return true;
  }

  #append(packNumber: number, entry: IndexEntry): void {
    if (this.#count === this.#pack.length) this.#grow(Math.max(1024, this.#count * 2));
    const n = this.#count++;
    this.#ids.set(entry.chunkId, n * CHUNK_ID_BYTES);
    this.#pack[n] = packNumber;
    this.#offset[n] = entry.offset;
    this.#raw[n] = entry.rawLength;
    this.#stored[n] = entry.storedLength;
    this.#codes[n] = CHUNK_TYPE_CODES[entry.type] | (COMPRESSION_CODES[entry.compression] << 4);
  }

  #grow(capacity: number): void {
    const grown = <T extends Uint8Array | Uint32Array>(old: T, make: (length: number) => T, width = 1): T => {
      const next = make(capacity * width);
      next.set(old);
      return next;
    };
    this.#ids = grown(this.#ids, (length) => new Uint8Array(length), CHUNK_ID_BYTES);
    this.#pack = grown(this.#pack, (length) => new Uint32Array(length));
    this.#offset = grown(this.#offset, (length) => new Uint32Array(length));
    this.#raw = grown(this.#raw, (length) => new Uint32Array(length));
    this.#stored = grown(this.#stored, (length) => new Uint32Array(length));
    this.#codes = grown(this.#codes, (length) => new Uint8Array(length));
  }

  #rehash(size: number): void {
    this.#slots = new Int32Array(size).fill(NO_ENTRY);
    for (let n = 0; n < this.#count; n++) this.#slots[this.#find(this.#ids.subarray(n * CHUNK_ID_BYTES, (n + 1) * CHUNK_ID_BYTES))] = n;
  }
}

function toIdBytes(chunkId: Uint8Array | string): Uint8Array {
  if (typeof chunkId === 'string') {
    if (!chunkIdHex.test(chunkId)) throw new TypeError('a chunk id is 64 lowercase hex characters');
    return Buffer.from(chunkId, 'hex');
  }
  if (chunkId.byteLength !== CHUNK_ID_BYTES) throw new TypeError(`chunk ids are ${CHUNK_ID_BYTES} bytes`);
  return chunkId;
}
