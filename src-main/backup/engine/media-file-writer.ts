// One media file being restored: written to tmp as its chunks arrive (copied into the writer's
// blocks, bypassing the page cache where possible: sequential-writer.ts), hashed in the hashing
// worker meanwhile, and renamed into the content-addressed store only once its sha256 is the one the
// manifest records and the packs its chunks came from are authenticated to their ends. It is
// fsync'ed before the rename: a restore that says it is done has its files on disk, not in a
// journal a power cut can drop (unbuffered writes put the bytes there, not the file's size).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors.ts';
import { mediaPath } from '../../store/media-store.ts';
import type { ProfilePaths } from '../../store/profile.ts';
import type { ManifestFile, MediaRecord } from '../format/manifest-schema.ts';
import type { FileHasher } from '../hashing/file-hasher.ts';
import type { OpenFile } from '../../files/direct-io.ts';
import { SequentialWriter } from '../../files/sequential-writer.ts';

export class MediaFileWriter {
  readonly #paths: ProfilePaths;
  readonly #file: ManifestFile<MediaRecord>;
  readonly #hasher: FileHasher;
  readonly #hash: number;
  readonly #temp: string;
  readonly #out: SequentialWriter;
  readonly #pending: Promise<void>[] = [];
  /** The chunks' packs, authenticated whole (chunks arrive before the rest of their pack is). */
  readonly #authenticated: Promise<void>[] = [];
  /** The last chunk's write: the writer takes one at a time, in order. */
  #written: Promise<void> = Promise.resolve();

  private constructor(paths: ProfilePaths, file: ManifestFile<MediaRecord>, hasher: FileHasher, temp: string, out: SequentialWriter) {
    this.#paths = paths;
    this.#file = file;
    this.#hasher = hasher;
    this.#hash = hasher.begin();
    this.#temp = temp;
    this.#out = out;
  }

  /** `open`: how the temporary is opened (a test's disk); node:fs/promises' open by default. */
  static async open(
    paths: ProfilePaths,
    file: ManifestFile<MediaRecord>,
    hasher: FileHasher,
    options: { readonly open?: OpenFile } = {},
  ): Promise<MediaFileWriter> {
    const temp = path.join(paths.tmp, `restore-${randomBytes(8).toString('hex')}`);
    const out = await SequentialWriter.create(temp, { mode: 0o600, ...(options.open === undefined ? {} : { open: options.open }) });
    return new MediaFileWriter(paths, file, hasher, temp, out);
  }

  /**
   * Writes and hashes the next chunk; resolves once both are done with `bytes` (it may be reused
   * then). The file is not moved into place before `authenticated` resolves, nor if it rejects.
   */
  add(bytes: Buffer, authenticated: Promise<void>): Promise<void> {
    this.#authenticated.push(authenticated);
    authenticated.catch(() => undefined); // awaited by finish()
    this.#written = this.#written.then(() => this.#out.write(bytes));
    const done = Promise.all([this.#written, this.#hasher.update(this.#hash, bytes)]).then(() => undefined);
    done.catch(() => undefined); // awaited by finish() or discard()
    this.#pending.push(done);
    return done;
  }

  /** Waits for every chunk, checks the sha256, and moves the file into place; removes it otherwise. */
  async finish(): Promise<void> {
    try {
      // Closed as soon as the bytes are written, so the writer's blocks go back to the pool while
      // the hashing worker catches up.
      await this.#written;
      await this.#out.finish();
      await this.#out.sync();
      await this.#out.close();
      await Promise.all(this.#pending);
      await Promise.all(this.#authenticated);
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
