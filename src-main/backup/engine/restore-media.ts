// Restore, part 2, after the chats are already usable: media files, each written to tmp, checked
// against its sha256 (its name in the content-addressed store) and only then renamed into place.
// Files already present are skipped, which is also what makes this part resumable.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import { mediaPath } from '../../store/media-store.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import type { ManifestFile, MediaRecord, SnapshotManifest } from '../format/manifest-schema.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { FileHasher } from '../hashing/file-hasher.ts';
import { ChunkFetcher } from './chunk-fetcher.ts';
import type { ChunkLocator } from '../format/chunk-locator.ts';
import { loadChunkLocator } from './load-indexes.ts';
import { throttledProgress } from './progress.ts';

async function present(file: string, size: number): Promise<boolean> {
  try {
    return (await stat(file)).size === size;
  } catch {
    return false;
  }
}

interface Fetching {
  readonly fetcher: ChunkFetcher;
  readonly hasher: FileHasher;
  readonly onBytes: (n: number) => void;
}

async function restoreOne(paths: ProfilePaths, file: ManifestFile<MediaRecord>, { fetcher, hasher, onBytes }: Fetching): Promise<void> {
  const temp = path.join(paths.tmp, `restore-${randomBytes(8).toString('hex')}`);
  const hash = hasher.begin();
  const out = await open(temp, 'w', 0o600);
  try {
    for (const chunk of file.chunks) {
      // Written out and hashed (in the worker, meanwhile) before the next get(): the fetcher reuses
      // the buffer the bytes live in.
      const bytes = await fetcher.get(chunk.id, chunk.size);
      await Promise.all([writeAll(out, bytes), hasher.update(hash, bytes)]);
      onBytes(bytes.length);
    }
    await out.close();
    if ((await hasher.digest(hash)) !== file.record.sha256) {
      throw new AppError('RESTORE_CHECK_FAILED', undefined, { check: 'sha256', file: 'media' });
    }
    const target = mediaPath(paths, file.record.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temp, target);
  } finally {
    await out.close().catch(() => undefined);
    await rm(temp, { force: true });
  }
}

/**
 * Files in the order their bytes sit in the repository: after a few incremental backups a
 * snapshot's files are spread over old and new packs, and in manifest order each pack would be read
 * (and decrypted) again for every file that comes back to it.
 */
function inPackOrder(files: readonly ManifestFile<MediaRecord>[], locator: ChunkLocator): ManifestFile<MediaRecord>[] {
  const position = (file: ManifestFile<MediaRecord>): string => {
    const first = file.chunks[0];
    const location = first === undefined ? undefined : locator.get(first.id);
    return location === undefined ? '' : `${location.packId}:${location.entry.offset.toString(16).padStart(8, '0')}`;
  };
  return files
    .map((file) => ({ file, at: position(file) }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map(({ file }) => file);
}

async function writeAll(out: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length;) offset += (await out.write(bytes, offset, bytes.length - offset)).bytesWritten;
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
  const fetching: Fetching = {
    fetcher: new ChunkFetcher(repository, locator),
    hasher: new FileHasher(),
    onBytes: (n) => progress.add(n),
  };
  try {
    let files = 0;
    for (const file of inPackOrder(manifest.media, locator)) {
      if (context.signal.aborted) throw new AppError('OPERATION_CANCELLED');
      if (await present(mediaPath(paths, file.record.sha256), file.record.size)) {
        progress.add(file.record.size);
        continue;
      }
      await restoreOne(paths, file, fetching);
      files += 1;
    }
    progress.finish();
    return { files, bytes: total };
  } finally {
    await fetching.hasher.close();
  }
}
