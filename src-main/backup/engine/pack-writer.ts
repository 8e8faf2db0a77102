// Streams chunks into packs as they come: each chunk is encrypted before add() returns (so its buffer
// may be reused) and on its way to the destination before the next one is read, so memory holds a
// few MiB of frames, not a 16 MiB pack. Once every pack is confirmed, one index lists them (§14).
// With `checkpointPacks`, an index is also written every so many packs, so a backup cut short (a
// crash, a dropped connection) leaves its packs indexed and the next backup reuses them (§11).
import { encodeIndex, type IndexedPack } from '../format/index-codec.ts';
import { PackBuilder, type PackChunk } from '../format/pack-builder.ts';
import { SlabPool, type ObjectWriter } from '../repository/object-writer.ts';
import { newObjectId, type UnlockedRepository } from '../repository/repository.ts';

interface OpenPack {
  readonly packId: string;
  readonly builder: PackBuilder;
  readonly writer: ObjectWriter;
}

export class PackWriter {
  readonly #repository: UnlockedRepository;
  readonly #signal: AbortSignal | undefined;
  readonly #slabs = new SlabPool();
  #open: OpenPack | null = null;
  /** The last full pack, being confirmed (fsync, rename) while the next one fills; null when none. */
  #confirming: Promise<void> | null = null;
  readonly #checkpointPacks: number;
  /** Stored packs no index lists yet. */
  #unindexed: IndexedPack[] = [];
  #packs = 0;
  #bytes = 0;

  constructor(repository: UnlockedRepository, signal?: AbortSignal, options: { readonly checkpointPacks?: number } = {}) {
    this.#repository = repository;
    this.#signal = signal;
    this.#checkpointPacks = options.checkpointPacks ?? Number.POSITIVE_INFINITY;
  }

  async add(chunk: PackChunk): Promise<void> {
    const pack = (this.#open ??= this.#start());
    try {
      pack.builder.add(chunk);
      await this.#push(pack, pack.builder.drain());
      if (pack.builder.isFull) await this.#handOver(pack);
    } catch (error) {
      await this.abort(error);
      throw error;
    }
  }

  /**
   * Stores the last pack, then one index for the new packs plus `keep` (packs already stored that
   * the index must go on listing), superseding `supersedes` (§11, §15). Returns what was written.
   */
  async finish(options: { readonly keep?: readonly IndexedPack[]; readonly supersedes?: readonly Buffer[] } = {}): Promise<{
    readonly packs: number;
    readonly bytes: number;
  }> {
    if (this.#open !== null) await this.#handOver(this.#open);
    await this.#confirming;
    await this.#writeIndex([...(options.keep ?? []), ...this.#unindexed], options.supersedes ?? []);
    return { packs: this.#packs, bytes: this.#bytes };
  }

  async #writeIndex(packs: readonly IndexedPack[], supersedes: readonly Buffer[]): Promise<void> {
    this.#unindexed = [];
    if (packs.length === 0) return;
    const index = encodeIndex({ supersedes, packs });
    this.#bytes += (await this.#repository.putObject('index', newObjectId(), index, this.#signal)).size;
  }

  /** Drops the pack being written: the destination removes its partial object (nothing gets a name). */
  async abort(reason: unknown): Promise<void> {
    const pack = this.#open;
    this.#open = null;
    await pack?.writer.abort(reason);
    // A pack being confirmed completes or fails on its own; either way no index will name it.
    await this.#confirming?.catch(() => undefined);
  }

  #start(): OpenPack {
    const packId = newObjectId();
    return {
      packId,
      builder: new PackBuilder(),
      writer: this.#repository.writeObject('pack', packId, { signal: this.#signal, slabs: this.#slabs }),
    };
  }

  async #push(pack: OpenPack, segments: readonly Buffer[]): Promise<void> {
    for (const segment of segments) await pack.writer.write(segment);
  }

  /**
   * Seals a full pack and lets it be confirmed in the background, so its fsync overlaps with filling
   * the next one instead of stalling it (a pack's fsync was a quarter of a backup's time). At most
   * one pack is confirming: the one before must be done first, and packs are recorded in order.
   */
  async #handOver(pack: OpenPack): Promise<void> {
    this.#open = null;
    const finished = pack.builder.finish();
    await this.#push(pack, finished.segments);
    const previous = this.#confirming;
    const confirm = async (): Promise<void> => {
      try {
        await previous;
      } catch (error) {
        await pack.writer.abort(error);
        throw error;
      }
      const { size } = await pack.writer.finish();
      this.#unindexed.push({ packId: Buffer.from(pack.packId, 'hex'), storedSize: size, entries: finished.entries });
      this.#packs += 1;
      this.#bytes += size;
      if (this.#unindexed.length >= this.#checkpointPacks) await this.#writeIndex(this.#unindexed, []);
    };
    this.#confirming = confirm();
    this.#confirming.catch(() => undefined); // observed by the next hand-over, finish() or abort()
    await previous;
  }
}
