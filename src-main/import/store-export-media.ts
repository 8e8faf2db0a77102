// Streams the media files a zipped export holds into the content-addressed media store. This happens
// before the messages' transaction: a stored file that no row names yet is harmless, and storing the
// same bytes again (a re-import) finds the file already there.
import { pipeline, Transform, type Readable } from 'node:stream';
import { AppError } from '../../src-shared/errors.ts';
import { storeMedia, type StoredMedia } from '../store/media-store.ts';
import type { ProfilePaths } from '../store/profile.ts';
import type { MediaArchive } from './export-source.ts';
import type { ImportProgress } from './import-progress.ts';
import { zipInvalid } from './zip-export.ts';

export async function storeExportMedia(
  paths: Pick<ProfilePaths, 'media' | 'tmp'>,
  archive: MediaArchive,
  fileNames: ReadonlySet<string>,
  progress: ImportProgress,
): Promise<Map<string, StoredMedia>> {
  let total = 0;
  for (const name of fileNames) total += archive.sizeOf(name) ?? 0;
  progress.start('media', total);
  const stored = new Map<string, StoredMedia>();
  for (const name of fileNames) {
    const entry = await archive.open(name);
    try {
      stored.set(name, await storeMedia(paths, counted(entry, progress)));
    } catch (error) {
      throw asMediaError(error);
    }
  }
  progress.finish();
  return stored;
}

/** Passes the bytes through, counting them, and stops the copy when the import is cancelled. */
function counted(source: Readable, progress: ImportProgress): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        progress.advance(chunk.length);
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  // An error on either side destroys both, so storeMedia's own pipeline sees it and cleans up.
  return pipeline(source, counter, () => undefined);
}

function asMediaError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  // Errors of our own disk (ENOSPC, EACCES...) keep their code; the rest came out of the archive.
  const syscall = (error as { syscall?: unknown } | null)?.syscall;
  return typeof syscall === 'string' ? error : zipInvalid('The .zip file is damaged: a media file inside cannot be read.', error);
}
