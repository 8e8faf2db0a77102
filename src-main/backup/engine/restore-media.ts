// Restore, part 2, after the chats are already usable: media files, each written to tmp, checked
// against its sha256 (its name in the content-addressed store) and only then renamed into place
// (media-file-writer.ts). Files already present are skipped, which is also what makes this part
// resumable. Decrypting the next pack overlaps with writing and hashing the last one's files.
import { stat } from 'node:fs/promises';
import { AppError } from '../../../src-shared/errors.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import { mediaPath } from '../../store/media-store.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import type { SnapshotManifest } from '../format/manifest-schema.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { FileHasher } from '../hashing/file-hasher.ts';
import { ChunkFetcher } from './chunk-fetcher.ts';
import { MediaFileWriter } from './media-file-writer.ts';
import { loadChunkLocator } from './load-indexes.ts';
import { throttledProgress } from './progress.ts';

/** Files being finished while the next ones are fetched (each holds at most its own chunks' slots). */
const FILES_IN_FLIGHT = 4;

async function present(file: string, size: number): Promise<boolean> {
  try {
    return (await stat(file)).size === size;
  } catch {
    return false;
  }
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
  try {
    let files = 0;
    // In the order their bytes sit in the repository: after a few incremental backups a snapshot's
    // files are spread over old and new packs, and in manifest order each pack would be read (and
    // decrypted) again for every file that comes back to it.
    for (const file of locator.inRepositoryOrder(manifest.media, (media) => media.chunks[0]?.id)) {
      if (context.signal.aborted) throw new AppError('OPERATION_CANCELLED');
      if (await present(mediaPath(paths, file.record.sha256), file.record.size)) {
        progress.add(file.record.size);
        continue;
      }
      const writer = await MediaFileWriter.open(paths, file, hasher);
      try {
        for (const chunk of file.chunks) {
          const bytes = await fetcher.get(chunk.id, chunk.size);
          // The pack buffer `bytes` lives in is not reused until they are written and hashed.
          fetcher.hold(bytes, writer.add(bytes));
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
      files += 1;
    }
    await Promise.all(finishing);
    progress.finish();
    return { files, bytes: total };
  } finally {
    await Promise.allSettled(finishing);
    await hasher.close();
  }
}
