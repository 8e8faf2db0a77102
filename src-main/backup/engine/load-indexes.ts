import { decodeIndex } from '../format/index-codec.ts';
import { ChunkLocator, type LoadedIndex } from '../format/chunk-locator.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { INDEX_READS_IN_FLIGHT, mapLimited } from './map-limited.ts';

export async function readIndex(repository: UnlockedRepository, id: string): Promise<LoadedIndex> {
  return { indexId: Buffer.from(id, 'hex'), index: decodeIndex(await repository.readObject('index', id)) };
}

/** Every index, in listing order. */
export async function loadIndexes(repository: UnlockedRepository): Promise<LoadedIndex[]> {
  return mapLimited(await repository.listObjects('index'), INDEX_READS_IN_FLIGHT, (id) => readIndex(repository, id));
}

/** Where every chunk of the repository is, from its live indexes (§11). */
export async function loadChunkLocator(repository: UnlockedRepository): Promise<ChunkLocator> {
  return ChunkLocator.fromIndexes(await loadIndexes(repository));
}
