// One backup, following the commit protocol of docs/backup-format.md §14: new chunks go into packs,
// then one index lists the packs, and the snapshot manifest is written last, so a crash at any
// point leaves only unreferenced data, never a snapshot that points at something missing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { AppError } from '../../../src-shared/errors.ts';
import { deriveCdcGearTable, deriveChunkIdKey } from '../../crypto/kdf.ts';
import { zero } from '../../crypto/sodium.ts';
import { createLogger } from '../../log.ts';
import { mediaPath } from '../../store/media-store.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import { databaseChunks, withChunkIds, type Chunk } from '../format/chunk-stream.ts';
import type { ChunkType } from '../format/layout.ts';
import { ManifestWriter } from '../format/manifest-writer.ts';
import { ChunkIdHasher } from '../hashing/chunk-id-hasher.ts';
import { hashedMediaChunks, type MediaEvent } from '../hashing/media-chunks.ts';
import { newObjectId, type UnlockedRepository } from '../repository/repository.ts';
import { loadChunkLocator } from './load-indexes.ts';
import { LOCAL_STATS_IN_FLIGHT, mapLimited } from './map-limited.ts';
import { PackWriter } from './pack-writer.ts';
import { throttledProgress } from './progress.ts';
import { unchangedKey, unchangedMedia } from './unchanged-media.ts';
import { takeLock, type LockChoice } from './reader-lock.ts';
import { snapshotStore } from './store-snapshot.ts';
import type { JobContext } from '../../jobs/jobs.ts';

const log = createLogger('backup');

/** An index every 4 packs (64 MiB): what a cut-short backup uploaded is reused by the next one (§11). */
const CHECKPOINT_PACKS = 4;

export interface BackupOptions {
  readonly paths: ProfilePaths;
  readonly repository: UnlockedRepository;
  /** The previous snapshot of this profile, recorded as the new one's parent. */
  readonly parent: string | null;
  readonly appVersion: string;
  /** Default true: media files go into the snapshot after the database. */
  readonly includeMedia?: boolean;
  readonly lock?: LockChoice;
}

interface MediaItem {
  readonly sha256: string;
  readonly size: number;
  readonly mime: string | null;
}

export interface BackupResult {
  readonly snapshotId: string;
  readonly created: string;
  readonly files: number;
  /** Bytes of database and media read. */
  readonly bytesScanned: number;
  readonly chunks: number;
  readonly newChunks: number;
  /** Bytes stored in the repository by this backup (packs, index, manifest). */
  readonly bytesWritten: number;
  /** Attachments the store lists whose file is not in the media folder (skipped, reported). */
  readonly mediaMissing: number;
  readonly seconds: number;
}

function mediaInfo(item: MediaItem): { sha256: string; size: number; mime: string } {
  return { sha256: item.sha256, size: item.size, mime: item.mime ?? 'application/octet-stream' };
}

/** A chunk whose buffer goes back to a pool once it is stored (packs.add encrypts it before returning). */
type PooledChunk = Chunk & { readonly release?: () => void };

/** The media stream as chunks; each file's record goes into the manifest before its chunks. */
async function* mediaChunks(events: AsyncIterable<MediaEvent<MediaItem>>, manifest: ManifestWriter): AsyncGenerator<PooledChunk> {
  for await (const event of events) {
    if (event.kind === 'file') manifest.media(mediaInfo(event.file));
    else yield { ...event.chunk, release: event.release };
  }
}

async function fileSize(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

export async function runBackup(options: BackupOptions, context: JobContext): Promise<BackupResult> {
  const started = Date.now();
  const { repository, paths } = options;
  const lock = await takeLock(repository, 'exclusive', 'backup', options.lock);
  const chunkIdKey = deriveChunkIdKey(repository.backupKey);
  const gear = deriveCdcGearTable(repository.backupKey);
  let removeSnapshot = (): Promise<void> => Promise.resolve();
  let closeHasher = (): Promise<void> => Promise.resolve();
  try {
    // Started first, so its thread is up by the time the media come: it is their slowest stage.
    const hasher = new ChunkIdHasher(chunkIdKey);
    closeHasher = () => hasher.close();
    // Inside the try: a store that cannot be copied (missing, unreadable, cancelled) must still
    // release the lock, or its heartbeat keeps the repository busy for as long as the process lives.
    const snapshot = await snapshotStore(paths, context.signal);
    removeSnapshot = () => snapshot.remove();
    const known = await loadChunkLocator(repository);
    const databaseSize = (await stat(snapshot.file)).size;
    const listed = options.includeMedia === false ? [] : snapshot.media;
    // Awaited one by one, a library of 50,000 files waited 50,000 round trips to the thread pool.
    const sizes = await mapLimited(listed, LOCAL_STATS_IN_FLIGHT, (item) => fileSize(mediaPath(paths, item.sha256)));
    const media: MediaItem[] = [];
    listed.forEach((item, n) => {
      const size = sizes[n];
      if (size !== null && size !== undefined) media.push({ ...item, size });
    });
    const mediaMissing = listed.length - media.length;
    const bytesTotal = databaseSize + media.reduce((sum, item) => sum + item.size, 0);
    const progress = throttledProgress(context.onProgress, 'backup', bytesTotal);
    const packs = new PackWriter(repository, context.signal, { checkpointPacks: CHECKPOINT_PACKS });
    const manifest = new ManifestWriter();
    let chunks = 0;
    const seenThisRun = new Set<string>();

    /** Stores the chunks the repository does not have yet; `record` lists every chunk in the manifest. */
    const storeChunks = async (source: AsyncIterable<PooledChunk>, type: ChunkType, record: (chunk: Chunk) => void): Promise<void> => {
      try {
        for await (const chunk of source) {
          if (context.signal.aborted) throw new AppError('OPERATION_CANCELLED');
          record(chunk);
          chunks += 1;
          const idHex = chunk.id.toString('hex');
          if (!known.has(chunk.id) && !seenThisRun.has(idHex)) {
            seenThisRun.add(idHex);
            // Media are already compressed (JPEG, MP4, Opus): zstd would only burn time on them.
            await packs.add({ chunkId: chunk.id, type, raw: chunk.bytes, compress: type === 'database' });
          }
          progress.add(chunk.bytes.length);
          chunk.release?.();
        }
      } catch (error) {
        // A pack being streamed must not be left open: the destination drops its partial object.
        await packs.abort(error);
        throw error;
      }
    };

    // The database record carries the file's sha256, known only after its last chunk: collect the
    // chunk list first, then write the record and its chunks.
    const databaseHash = createHash('sha256');
    const databaseChunkList: { id: Buffer; size: number }[] = [];
    const databaseSource = createReadStream(snapshot.file, { highWaterMark: 1024 * 1024 });
    await storeChunks(withChunkIds(databaseChunks(databaseSource, gear), chunkIdKey), 'database', (chunk) => {
      databaseHash.update(chunk.bytes);
      databaseChunkList.push({ id: chunk.id, size: chunk.bytes.length });
    });
    manifest.database({
      name: 'companion.db',
      size: databaseSize,
      sha256: databaseHash.digest('hex'),
      schemaVersion: snapshot.schemaVersion,
      counts: snapshot.counts,
    });
    for (const { id, size } of databaseChunkList) manifest.chunk(id, size);

    const unchanged = await unchangedMedia(repository, options.parent, known);
    const toRead: MediaItem[] = [];
    for (const item of media) {
      const kept = unchanged.get(unchangedKey(item.sha256, item.size));
      if (kept === undefined) {
        toRead.push(item);
        continue;
      }
      manifest.media(mediaInfo(item));
      for (const chunk of kept) manifest.chunk(chunk.id, chunk.size);
      chunks += kept.length;
      progress.add(item.size);
    }

    const sources = toRead.map((item) => ({ file: item, path: mediaPath(paths, item.sha256), size: item.size }));
    await storeChunks(mediaChunks(hashedMediaChunks(sources, hasher), manifest), 'media', (chunk) =>
      manifest.chunk(chunk.id, chunk.bytes.length),
    );
    await hasher.close();

    const written = await packs.finish();
    const snapshotId = newObjectId();
    const created = new Date().toISOString();
    const manifestBytes = manifest.finish({
      snapshotId,
      created,
      app: `Companion ${options.appVersion}`,
      host: hostname(),
      parent: options.parent,
    });
    // Last, and only after every pack and the index are confirmed (§14).
    const stored = await repository.putObject('snapshot', snapshotId, manifestBytes, context.signal);
    progress.finish();
    const result: BackupResult = {
      snapshotId,
      created,
      files: 1 + media.length,
      bytesScanned: bytesTotal,
      chunks,
      newChunks: seenThisRun.size,
      bytesWritten: written.bytes + stored.size,
      mediaMissing,
      seconds: (Date.now() - started) / 1000,
    };
    log.info('backup committed', { packs: written.packs, newChunks: result.newChunks, bytesWritten: result.bytesWritten });
    return result;
  } finally {
    await closeHasher();
    zero(chunkIdKey);
    await removeSnapshot();
    await lock.release();
  }
}
