// One media file being restored: written to tmp as its chunks arrive (positional writes, so they
// need not wait for each other), hashed in the hashing worker meanwhile, and renamed into the
// content-addressed store only once its sha256 is the one the manifest records.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors.ts';
import { mediaPath } from '../../store/media-store.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import type { ManifestFile, MediaRecord } from '../format/manifest-schema.ts';
import type { FileHasher } from '../hashing/file-hasher.ts';

export class MediaFileWriter {
  readonly #paths: ProfilePaths;
  readonly #file: ManifestFile<MediaRecord>;
  readonly #hasher: FileHasher;
  readonly #hash: number;
  readonly #temp: string;
  readonly #out: FileHandle;
  readonly #pending: Promise<void>[] = [];
  #position = 0;

  private constructor(paths: ProfilePaths, file: ManifestFile<MediaRecord>, hasher: FileHasher, temp: string, out: FileHandle) {
    this.#paths = paths;
    this.#file = file;
    this.#hasher = hasher;
    this.#hash = hasher.begin();
    this.#temp = temp;
    this.#out = out;
  }

  static async open(paths: ProfilePaths, file: ManifestFile<MediaRecord>, hasher: FileHasher): Promise<MediaFileWriter> {
    const temp = path.join(paths.tmp, `restore-${randomBytes(8).toString('hex')}`);
    return new MediaFileWriter(paths, file, hasher, temp, await open(temp, 'w', 0o600));
  }

  /** Writes and hashes the next chunk; resolves once both are done with `bytes` (it may be reused then). */
  add(bytes: Buffer): Promise<void> {
    const position = this.#position;
    this.#position += bytes.length;
    const done = Promise.all([writeAt(this.#out, bytes, position), this.#hasher.update(this.#hash, bytes)]).then(() => undefined);
    done.catch(() => undefined); // awaited by finish() or discard()
    this.#pending.push(done);
    return done;
  }

  /** Waits for every chunk, checks the sha256, and moves the file into place; removes it otherwise. */
  async finish(): Promise<void> {
    try {
      await Promise.all(this.#pending);
      await this.#out.close();
      if ((await this.#hasher.digest(this.#hash)) !== this.#file.record.sha256) {
        throw new AppError('RESTORE_CHECK_FAILED', undefined, { check: 'sha256', file: 'media' });
      }
      const target = mediaPath(this.#paths, this.#file.record.sha256);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(this.#temp, target);
    } finally {
      await this.discard();
    }
  }

  /** Gives up on the file: what was written is removed (after a rename there is nothing left to remove). */
  async discard(): Promise<void> {
    await Promise.allSettled(this.#pending);
    await this.#out.close().catch(() => undefined);
    await rm(this.#temp, { force: true });
  }
}

async function writeAt(out: FileHandle, bytes: Buffer, position: number): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    offset += (await out.write(bytes, offset, bytes.length - offset, position + offset)).bytesWritten;
  }
}
