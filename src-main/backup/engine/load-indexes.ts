import { decodeIndex } from '../format/index-codec.ts';
import { ChunkLocator, type LoadedIndex } from '../format/chunk-locator.ts';
import type { UnlockedRepository } from '../repository/repository.ts';

export async function loadIndexes(repository: UnlockedRepository): Promise<LoadedIndex[]> {
  const loaded: LoadedIndex[] = [];
  for (const id of await repository.listObjects('index')) {
    loaded.push({ indexId: Buffer.from(id, 'hex'), index: decodeIndex(await repository.readObject('index', id)) });
  }
  return loaded;
}

/** Where every chunk of the repository is, from its live indexes (§11). */
export async function loadChunkLocator(repository: UnlockedRepository): Promise<ChunkLocator> {
  return ChunkLocator.fromIndexes(await loadIndexes(repository));
}
