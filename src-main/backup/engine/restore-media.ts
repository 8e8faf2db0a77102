// Restore, part 2, after the chats are already usable: media files, each written to tmp, checked
// against its sha256 (its name in the content-addressed store) and only then renamed into place.
// Files already present are skipped, which is also what makes this part resumable.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors.ts';
import { deriveChunkIdKey } from '../../crypto/kdf.ts';
import { zero } from '../../crypto/sodium.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import { mediaPath } from '../../store/media-store.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import type { ManifestFile, MediaRecord, SnapshotManifest } from '../format/manifest-schema.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { ChunkFetcher } from './chunk-fetcher.ts';
import { loadChunkLocator } from './load-indexes.ts';
import { throttledProgress } from './progress.ts';

async function present(file: string, size: number): Promise<boolean> {
  try {
    return (await stat(file)).size === size;
  } catch {
    return false;
  }
}

async function restoreOne(
  paths: ProfilePaths,
  file: ManifestFile<MediaRecord>,
  fetcher: ChunkFetcher,
  onBytes: (n: number) => void,
): Promise<void> {
  const temp = path.join(paths.tmp, `restore-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  const out = createWriteStream(temp, { mode: 0o600 });
  try {
    for (const chunk of file.chunks) {
      const bytes = await fetcher.get(chunk.id, chunk.size);
      hash.update(bytes);
      if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      onBytes(bytes.length);
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (hash.digest('hex') !== file.record.sha256) {
      throw new AppError('RESTORE_CHECK_FAILED', undefined, { check: 'sha256', file: 'media' });
    }
    const target = mediaPath(paths, file.record.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temp, target);
  } finally {
    out.destroy();
    await rm(temp, { force: true });
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
  const chunkIdKey = deriveChunkIdKey(repository.backupKey);
  try {
    const fetcher = new ChunkFetcher(repository, await loadChunkLocator(repository), chunkIdKey);
    let files = 0;
    for (const file of manifest.media) {
      if (context.signal.aborted) throw new AppError('OPERATION_CANCELLED');
      if (await present(mediaPath(paths, file.record.sha256), file.record.size)) {
        progress.add(file.record.size);
        continue;
      }
      await restoreOne(paths, file, fetcher, (n) => progress.add(n));
      files += 1;
    }
    progress.finish();
    return { files, bytes: total };
  } finally {
    zero(chunkIdKey);
  }
}
