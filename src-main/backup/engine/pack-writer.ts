// Fills packs and stores them, one upload in flight while the next pack fills, then writes the
// index that lists them (§14: only after every pack is confirmed).
import { Readable } from 'node:stream';
import { encodeIndex, type IndexedPack } from '../format/index-codec.ts';
import { PackBuilder, type FinishedPack, type PackChunk } from '../format/pack-builder.ts';
import { newObjectId, type UnlockedRepository } from '../repository/repository.ts';

/** The pack's pieces as a stream, so they reach the encryptor without being joined first. */
function segmentsOf(pack: FinishedPack): AsyncIterable<Buffer> {
  return Readable.from(pack.segments);
}

export class PackWriter {
  readonly #repository: UnlockedRepository;
  readonly #signal: AbortSignal | undefined;
  #builder = new PackBuilder();
  #inFlight: Promise<void> = Promise.resolve();
  readonly #stored: IndexedPack[] = [];
  #bytes = 0;

  constructor(repository: UnlockedRepository, signal?: AbortSignal) {
    this.#repository = repository;
    this.#signal = signal;
  }

  async add(chunk: PackChunk): Promise<void> {
    this.#builder.add(chunk);
    if (this.#builder.isFull) await this.#flush();
  }

  /**
   * Stores the last pack, then one index for the new packs plus `keep` (packs already stored that
   * the index must go on listing), superseding `supersedes` (§11, §15). Returns what was written.
   */
  async finish(options: { readonly keep?: readonly IndexedPack[]; readonly supersedes?: readonly Buffer[] } = {}): Promise<{
    readonly packs: number;
    readonly bytes: number;
  }> {
    if (this.#builder.entryCount > 0) await this.#flush();
    await this.#inFlight;
    const packs = [...(options.keep ?? []), ...this.#stored];
    if (packs.length > 0) {
      const index = encodeIndex({ supersedes: options.supersedes ?? [], packs });
      this.#bytes += (await this.#repository.putObject('index', newObjectId(), index, this.#signal)).size;
    }
    return { packs: this.#stored.length, bytes: this.#bytes };
  }

  async #flush(): Promise<void> {
    const pack = this.#builder.finish();
    this.#builder = new PackBuilder();
    // At most one pack uploading while the next one fills: bounded memory, overlapped I/O.
    await this.#inFlight;
    this.#inFlight = this.#store(pack);
    // Surface an upload failure at the next flush or at finish(), never as an unhandled rejection.
    this.#inFlight.catch(() => undefined);
  }

  async #store(pack: FinishedPack): Promise<void> {
    const packId = newObjectId();
    const { size } = await this.#repository.putObject('pack', packId, segmentsOf(pack), this.#signal);
    this.#stored.push({ packId: Buffer.from(packId, 'hex'), storedSize: size, entries: pack.entries });
    this.#bytes += size;
  }
}
