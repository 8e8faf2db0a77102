// Prune (docs/backup-format.md §15), under the exclusive lock: forget all but the newest `keep`
// snapshots, then remove what no remaining snapshot references. At every step each kept snapshot
// stays reachable: the new index is confirmed before any old index or pack is deleted, and anything
// unreadable (a manifest or index that fails to decrypt) stops prune before it deletes a byte.
import type { IndexedPack } from '../format/index-codec.ts';
import { activeIndexes } from '../format/chunk-locator.ts';
import { extractChunk } from '../format/pack-reader.ts';
import { deriveChunkIdKey } from '../../crypto/kdf.ts';
import { zero } from '../../crypto/sodium.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import { createLogger } from '../../log.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { throwIfCancelled } from './cancel.ts';
import { takeLock, type LockChoice } from './reader-lock.ts';
import { packReadBuffers, readPack } from './chunk-fetcher.ts';
import { loadIndexes } from './load-indexes.ts';
import { PackWriter } from './pack-writer.ts';
import { listSnapshots, readManifest } from './snapshots.ts';

const log = createLogger('backup.prune');

/** Repack a partly used pack once more than this share of its bytes is unreferenced (§15 step 3). */
const REPACK_UNUSED_SHARE = 0.2;
/** Unindexed packs younger than this may still be arriving through a sync client (§15 step 5). */
const UNINDEXED_GRACE_MS = 24 * 60 * 60 * 1000;

export interface PruneOptions {
  readonly keep: number;
  readonly lock?: LockChoice;
  readonly now?: () => number;
}

export interface PruneResult {
  readonly snapshotsKept: number;
  readonly snapshotsRemoved: number;
  readonly packsRemoved: number;
  readonly packsRepacked: number;
  readonly indexesRemoved: number;
  readonly bytesFreed: number;
}

type PackUse = 'used' | 'unused' | 'repack';

function classify(pack: IndexedPack, referenced: ReadonlySet<string>): PackUse {
  let total = 0;
  let unreferenced = 0;
  for (const entry of pack.entries) {
    total += entry.storedLength;
    if (!referenced.has(entry.chunkId.toString('hex'))) unreferenced += entry.storedLength;
  }
  if (unreferenced === 0) return 'used';
  if (unreferenced === total) return 'unused';
  return unreferenced > total * REPACK_UNUSED_SHARE ? 'repack' : 'used';
}

export async function pruneRepository(repository: UnlockedRepository, options: PruneOptions, context: JobContext): Promise<PruneResult> {
  if (!Number.isInteger(options.keep) || options.keep < 1) throw new RangeError('keep must be a whole number of at least 1');
  const now = options.now ?? Date.now;
  const lock = await takeLock(repository, 'exclusive', 'prune', options.lock);
  const chunkIdKey = deriveChunkIdKey(repository.backupKey);
  try {
    // Step 0: forget old snapshots. listSnapshots decrypts every manifest, so a damaged one stops us here.
    const snapshots = await listSnapshots(repository);
    const forget = snapshots.slice(0, Math.max(0, snapshots.length - options.keep));
    const kept = snapshots.slice(forget.length);
    for (const snapshot of forget) await repository.deleteObject('snapshot', snapshot.snapshotId);

    // Step 1: what the kept snapshots reference, and every index.
    const referenced = new Set<string>();
    for (const snapshot of kept) {
      throwIfCancelled(context.signal);
      const manifest = await readManifest(repository, snapshot.snapshotId);
      for (const file of [manifest.database, ...manifest.media]) for (const chunk of file.chunks) referenced.add(chunk.id);
    }
    const indexes = await loadIndexes(repository);

    // Step 2: classify every indexed pack once.
    const uses = new Map<string, { pack: IndexedPack; use: PackUse }>();
    for (const { index } of activeIndexes(indexes)) {
      for (const pack of index.packs) {
        const id = pack.packId.toString('hex');
        if (!uses.has(id)) uses.set(id, { pack, use: classify(pack, referenced) });
      }
    }
    const keptPacks = [...uses.values()].filter((entry) => entry.use === 'used').map((entry) => entry.pack);
    const retiring = [...uses.values()].filter((entry) => entry.use !== 'used');

    // Step 3: copy the referenced chunks of mostly-unreferenced packs into new packs.
    const placed = new Set(keptPacks.flatMap((pack) => pack.entries.map((entry) => entry.chunkId.toString('hex'))));
    const writer = new PackWriter(repository, context.signal);
    let packsRepacked = 0;
    // Reused from pack to pack: writer.add() has encrypted a chunk by the time it resolves.
    const buffers = packReadBuffers(retiring.map(({ pack }) => pack.storedSize));
    try {
      for (const { pack, use } of retiring) {
        if (use !== 'repack') continue;
        throwIfCancelled(context.signal);
        const plaintext = await readPack(repository, pack.packId.toString('hex'), pack.storedSize, buffers);
        for (const entry of pack.entries) {
          const id = entry.chunkId.toString('hex');
          if (!referenced.has(id) || placed.has(id)) continue;
          placed.add(id);
          const raw = extractChunk(plaintext, entry, chunkIdKey);
          await writer.add({ chunkId: entry.chunkId, type: entry.type, raw, compress: entry.type === 'database' });
        }
        packsRepacked += 1;
      }
    } catch (error) {
      await writer.abort(error);
      throw error;
    }

    // Step 4: one index for everything kept, confirmed before anything is deleted. Nothing to do
    // when no pack retires and the indexes are already one.
    const unindexed = await oldUnindexedPacks(repository, uses, now());
    if (retiring.length === 0 && unindexed.length === 0 && indexes.length <= 1) {
      await writer.finish({ supersedes: [] });
      return {
        snapshotsKept: kept.length,
        snapshotsRemoved: forget.length,
        packsRemoved: 0,
        packsRepacked: 0,
        indexesRemoved: 0,
        bytesFreed: 0,
      };
    }
    await writer.finish({ keep: keptPacks, supersedes: indexes.map((loaded) => Buffer.from(loaded.indexId)) });

    // Step 5: superseded indexes, then retired packs, then old unindexed packs.
    for (const loaded of indexes) await repository.deleteObject('index', Buffer.from(loaded.indexId).toString('hex'));
    let bytesFreed = 0;
    for (const { pack } of retiring) {
      await repository.deleteObject('pack', pack.packId.toString('hex'));
      bytesFreed += pack.storedSize;
    }
    for (const { id, size } of unindexed) {
      await repository.deleteObject('pack', id);
      bytesFreed += size;
    }
    const result = {
      snapshotsKept: kept.length,
      snapshotsRemoved: forget.length,
      packsRemoved: retiring.length + unindexed.length,
      packsRepacked,
      indexesRemoved: indexes.length,
      bytesFreed,
    };
    log.info('prune finished', result);
    return result;
  } finally {
    zero(chunkIdKey);
    await lock.release();
  }
}

/** Packs in data/ that no index lists (a crashed backup's), once they are old enough to be no sync lag. */
async function oldUnindexedPacks(repository: UnlockedRepository, indexed: ReadonlyMap<string, unknown>, now: number) {
  const old: { id: string; size: number }[] = [];
  for (const id of await repository.listObjects('pack')) {
    if (indexed.has(id)) continue;
    const info = await repository.statObject('pack', id);
    if (info !== null && now - info.modified.getTime() > UNINDEXED_GRACE_MS) old.push({ id, size: info.size });
  }
  return old;
}
