// Fetches chunks for restore and verify. A pack is read whole (16 MiB), checked against the size the
// index promised, decrypted, and kept while its neighbours are used: a file's chunks sit together.
import { AppError } from '../../../src-shared/errors.ts';
import type { ChunkLocator } from '../format/chunk-locator.ts';
import type { IndexEntry } from '../format/layout.ts';
import { extractChunk } from '../format/pack-reader.ts';
import { nameOfObject } from '../repository/objects.ts';
import type { UnlockedRepository } from '../repository/repository.ts';

const cachedPacks = 2;

export class ChunkFetcher {
  readonly #repository: UnlockedRepository;
  readonly #locator: ChunkLocator;
  readonly #chunkIdKey: Uint8Array;
  readonly #packs = new Map<string, Buffer>();

  constructor(repository: UnlockedRepository, locator: ChunkLocator, chunkIdKey: Uint8Array) {
    this.#repository = repository;
    this.#locator = locator;
    this.#chunkIdKey = chunkIdKey;
  }

  /** The chunk's bytes, its id and length verified. */
  async get(chunkId: string, expectedSize: number): Promise<Buffer> {
    const { plaintext, entry } = await this.#locate(chunkId, expectedSize);
    return extractChunk(plaintext, entry, this.#chunkIdKey);
  }

  async #locate(chunkId: string, expectedSize: number): Promise<{ plaintext: Buffer; entry: IndexEntry }> {
    const location = this.#locator.get(chunkId);
    if (location === undefined) throw new AppError('BACKUP_OBJECT_MISSING', 'A chunk of this backup is in no index.', { chunkId });
    if (location.entry.rawLength !== expectedSize)
      throw new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason: 'chunk-size', chunkId });
    return { plaintext: await this.#pack(location.packId, location.packStoredSize), entry: location.entry };
  }

  async #pack(packId: string, storedSize: number): Promise<Buffer> {
    const cached = this.#packs.get(packId);
    if (cached !== undefined) return cached;
    const plaintext = await readPack(this.#repository, packId, storedSize);
    this.#packs.set(packId, plaintext);
    if (this.#packs.size > cachedPacks) this.#packs.delete(this.#packs.keys().next().value ?? packId);
    return plaintext;
  }
}

/** A pack's plaintext, after checking its stored size against what the index promised. */
export async function readPack(repository: UnlockedRepository, packId: string, storedSize: number): Promise<Buffer> {
  const name = nameOfObject('pack', packId);
  const info = await repository.statObject('pack', packId);
  if (info === null) throw new AppError('BACKUP_OBJECT_MISSING', undefined, { object: name });
  // A pack shorter than the index says is still arriving (sync) or was cut off: say so before decrypting.
  if (info.size < storedSize) throw new AppError('BACKUP_OBJECT_TRUNCATED', undefined, { reason: 'pack-size', object: name });
  if (info.size > storedSize) throw new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason: 'pack-size', object: name });
  return repository.readObject('pack', packId);
}
