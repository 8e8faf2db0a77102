// Restore, part 2, after the chats are already usable: media files, each written to tmp, checked
// against its sha256 (its name in the content-addressed store), fsync'ed and only then renamed into
// place (media-file-writer.ts); the folders they went into are fsync'ed at the end. Files already
// present are skipped, which is also what makes this part resumable. Decrypting the next pack
// overlaps with writing and hashing the last one's files, and the next file's temporary is opened
// while this one's chunks are fetched: on the job thread every wait adds to the restore (the
// presence checks and opens, awaited one by one, were a sixth of it).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors.ts';
import { syncDirectory } from '../../files/sync-directory.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import { mediaPath } from '../../store/media-store.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import type { ManifestFile, MediaRecord, SnapshotManifest } from '../format/manifest-schema.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { FileHasher } from '../hashing/file-hasher.ts';
import { ChunkFetcher } from './chunk-fetcher.ts';
import { MediaFileWriter } from './media-file-writer.ts';
import { loadChunkLocator } from './load-indexes.ts';
import { LOCAL_STATS_IN_FLIGHT, mapLimited } from './map-limited.ts';
import { throttledProgress } from './progress.ts';

/**
 * Files being finished while the next ones are fetched (each holds at most its own chunks' slots).
 * 8 rather than 4: 3-7% faster in four paired restores of the bench's store, for 2-5 MB more RSS.
 */
const FILES_IN_FLIGHT = 8;

async function present(file: string, size: number): Promise<boolean> {
  try {
    return (await stat(file)).size === size;
  } catch {
    return false;
  }
}

/** The files not already in the store, in the order given. */
async function missingFiles(
  paths: ProfilePaths,
  files: readonly ManifestFile<MediaRecord>[],
  signal: AbortSignal,
): Promise<ManifestFile<MediaRecord>[]> {
  const found = await mapLimited(files, LOCAL_STATS_IN_FLIGHT, ({ record }) => {
    if (signal.aborted) throw new AppError('OPERATION_CANCELLED');
    return present(mediaPath(paths, record.sha256), record.size);
  });
  return files.filter((_, n) => found[n] !== true);
}

export async function restoreMedia(
  paths: ProfilePaths,
  repository: UnlockedRepository,
  manifest: SnapshotManifest,
  context: JobContext,
): Promise<{ readonly files: number; readonly bytes: number }> {
  const total = manifest.media.reduce((sum, file) => sum + file.record.size, 0);
  const progress = throttledProgress(context.onProgress, 'media', total);
  const locator = await loadChunkLocator(repository);
  const fetcher = new ChunkFetcher(repository, locator);
  const hasher = new FileHasher();
  // Files whose last chunk is fetched but which are still being written, hashed and renamed: the
  // next file's chunks are fetched and decrypted meanwhile.
  const finishing: Promise<void>[] = [];
  let opening: Promise<MediaFileWriter> | null = null;
  try {
    // In the order their bytes sit in the repository: after a few incremental backups a snapshot's
    // files are spread over old and new packs, and in manifest order each pack would be read (and
    // decrypted) again for every file that comes back to it.
    const ordered = locator.inRepositoryOrder(manifest.media, (media) => media.chunks[0]?.id);
    const files = await missingFiles(paths, ordered, context.signal);
    progress.add(total - files.reduce((sum, file) => sum + file.record.size, 0));
    const open = (file: ManifestFile<MediaRecord> | undefined): Promise<MediaFileWriter> | null => {
      const writer = file === undefined ? null : MediaFileWriter.open(paths, file, hasher);
      writer?.catch(() => undefined); // awaited below, or discarded in finally
      return writer;
    };
    opening = open(files[0]);
    for (let n = 0; n < files.length; n++) {
      const file = files[n];
      if (file === undefined || opening === null) break;
      if (context.signal.aborted) throw new AppError('OPERATION_CANCELLED');
      const writer = await opening;
      opening = open(files[n + 1]);
      try {
        for (const chunk of file.chunks) {
          const { bytes, complete } = await fetcher.getChunk(chunk.id, chunk.size);
          // The pack buffer `bytes` lives in is not reused until they are written and hashed.
          fetcher.hold(bytes, writer.add(bytes, complete));
          progress.add(bytes.length);
        }
      } catch (error) {
        await writer.discard();
        throw error;
      }
      const finished = writer.finish();
      finished.catch(() => undefined); // awaited below, in order
      finishing.push(finished);
      if (finishing.length > FILES_IN_FLIGHT) await finishing.shift();
    }
    await Promise.all(finishing);
    // The renames, made durable before the caller records the restore as done.
    const folders = new Set(files.map((file) => path.dirname(mediaPath(paths, file.record.sha256))));
    await mapLimited([...folders], LOCAL_STATS_IN_FLIGHT, (folder) => syncDirectory(folder));
    progress.finish();
    return { files: files.length, bytes: total };
  } finally {
    // A cancelled or failed restore leaves no temporary it opened ahead.
    await opening?.then(
      (writer) => writer.discard(),
      () => undefined,
    );
    await Promise.allSettled(finishing);
    await hasher.close();
  }
}
