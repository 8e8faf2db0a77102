// `verify` with the key: decrypts every index, every pack and every snapshot, recomputes every
// chunk's keyed id (which proves its content), and checks that each snapshot's chunks are in some
// live index, with the size the manifest says, in a pack that passed. Nothing is written anywhere:
// not to the repository (a shared lock only) and not to any profile.
import { ChunkLocator, activeIndexes, type LoadedIndex } from '../format/chunk-locator.ts';
import { extractChunk } from '../format/pack-reader.ts';
import { deriveChunkIdKey } from '../../crypto/kdf.ts';
import { zero } from '../../crypto/sodium.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import { objectName } from '../destination/names.ts';
import { nameOfObject } from '../repository/objects.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { throwIfCancelled } from './cancel.ts';
import { readIndex } from './load-indexes.ts';
import { INDEX_READS_IN_FLIGHT, mapLimited } from './map-limited.ts';
import { packReadBuffers, readPack } from './chunk-fetcher.ts';
import { throttledProgress } from './progress.ts';
import { takeLock, type LockChoice } from './reader-lock.ts';
import { readManifest } from './snapshots.ts';
import { problemOf, type VerifyProblem, type VerifyReport } from './verify-report.ts';

export async function verifyFull(repository: UnlockedRepository, context: JobContext, lockChoice?: LockChoice): Promise<VerifyReport> {
  const lock = await takeLock(repository, 'shared', 'verify', lockChoice);
  const chunkIdKey = deriveChunkIdKey(repository.backupKey);
  try {
    const problems: VerifyProblem[] = (await repository.slots()).rejected.map((slot) => ({
      object: objectName('keys', slot.slotId),
      code: slot.code,
      reason: slot.reason,
    }));
    const indexes = await loadIndexesReporting(repository, problems);
    const locator = ChunkLocator.fromIndexes(indexes);
    const packs = await verifyPacks(repository, activeIndexes(indexes), chunkIdKey, problems, context);
    const snapshots = await verifySnapshots(repository, locator, packs.damagedChunks, problems, context.signal);
    const checked = {
      indexes: indexes.length,
      packs: packs.checked,
      unindexedPacks: packs.unindexed,
      chunks: packs.chunks,
      bytes: packs.bytes,
      snapshots,
    };
    return { mode: 'full', ok: problems.length === 0, repositoryId: repository.config.repositoryId, checked, problems };
  } finally {
    zero(chunkIdKey);
    await lock.release();
  }
}

async function loadIndexesReporting(repository: UnlockedRepository, problems: VerifyProblem[]): Promise<LoadedIndex[]> {
  const outcomes = await mapLimited(await repository.listObjects('index'), INDEX_READS_IN_FLIGHT, async (id) => {
    try {
      return await readIndex(repository, id);
    } catch (error) {
      return problemOf(error, nameOfObject('index', id));
    }
  });
  const loaded: LoadedIndex[] = [];
  for (const outcome of outcomes) {
    if ('index' in outcome) loaded.push(outcome);
    else problems.push(outcome);
  }
  return loaded;
}

interface PackResults {
  readonly checked: number;
  readonly unindexed: number;
  readonly chunks: number;
  readonly bytes: number;
  /** Chunk id (hex) → the problem of the pack that holds it. */
  readonly damagedChunks: ReadonlyMap<string, VerifyProblem>;
}

async function verifyPacks(
  repository: UnlockedRepository,
  indexes: readonly LoadedIndex[],
  chunkIdKey: Uint8Array,
  problems: VerifyProblem[],
  context: JobContext,
): Promise<PackResults> {
  const stored = new Set(await repository.listObjects('pack'));
  const seen = new Set<string>();
  const damagedChunks = new Map<string, VerifyProblem>();
  const unique = indexes
    .flatMap(({ index }) => index.packs)
    .filter((pack) => {
      const id = pack.packId.toString('hex');
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  const progress = throttledProgress(
    context.onProgress,
    'verify',
    unique.reduce((sum, pack) => sum + pack.storedSize, 0),
  );
  let chunks = 0;
  let bytes = 0;
  const buffers = packReadBuffers(unique.map((pack) => pack.storedSize));
  for (const pack of unique) {
    throwIfCancelled(context.signal);
    const packId = pack.packId.toString('hex');
    try {
      const plaintext = await readPack(repository, packId, pack.storedSize, buffers);
      for (const entry of pack.entries) extractChunk(plaintext, entry, chunkIdKey);
      chunks += pack.entries.length;
      bytes += pack.storedSize;
    } catch (error) {
      const problem = problemOf(error, nameOfObject('pack', packId));
      problems.push(problem);
      for (const entry of pack.entries) damagedChunks.set(entry.chunkId.toString('hex'), problem);
    }
    progress.add(pack.storedSize);
  }
  progress.finish();
  const unindexed = [...stored].filter((id) => !seen.has(id)).length;
  return { checked: unique.length, unindexed, chunks, bytes, damagedChunks };
}

/** Every snapshot must be restorable: each chunk located, of the right size, in a pack that passed. */
async function verifySnapshots(
  repository: UnlockedRepository,
  locator: ChunkLocator,
  damagedChunks: ReadonlyMap<string, VerifyProblem>,
  problems: VerifyProblem[],
  signal: AbortSignal,
): Promise<number> {
  const ids = await repository.listObjects('snapshot');
  for (const id of ids) {
    throwIfCancelled(signal);
    const object = nameOfObject('snapshot', id);
    try {
      const manifest = await readManifest(repository, id);
      const problem = firstBrokenReference(manifest, locator, damagedChunks);
      if (problem !== null) problems.push({ ...problem, object });
    } catch (error) {
      problems.push(problemOf(error, object));
    }
  }
  return ids.length;
}

function firstBrokenReference(
  manifest: Awaited<ReturnType<typeof readManifest>>,
  locator: ChunkLocator,
  damagedChunks: ReadonlyMap<string, VerifyProblem>,
): Omit<VerifyProblem, 'object'> | null {
  for (const file of [manifest.database, ...manifest.media]) {
    for (const chunk of file.chunks) {
      const location = locator.get(chunk.id);
      if (location === undefined) return { code: 'BACKUP_OBJECT_MISSING', reason: 'chunk-in-no-index' };
      if (location.entry.rawLength !== chunk.size) return { code: 'BACKUP_OBJECT_CORRUPT', reason: 'chunk-size' };
      const damaged = damagedChunks.get(chunk.id);
      if (damaged !== undefined) return { code: damaged.code, reason: `in damaged ${damaged.object}` };
    }
  }
  return null;
}
