// Reads a file front to back into the caller's buffers, bypassing the page cache where the platform
// allows it (O_DIRECT on Linux): a restore reads each pack once, so caching it only costs a copy into
// freshly allocated cache pages and evicts what the user is working with. On the 2-vCPU VM measured,
// those fresh pages made a restore of the bench's 1 GiB store right after a backup 1.1-1.9 s slower
// than one whose reads landed in recycled memory (sequential-writer.ts saw the same on the write side).
//
// O_DIRECT needs page-aligned buffers (alignedBuffer) and lengths that are whole blocks. A buffer
// that is not, or a file system that refuses O_DIRECT (EINVAL, at open or at the first read), gets
// the same bytes through the page cache instead, so callers never need to know which one they got.
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { O_DIRECT, refusesDirectIo, type OpenFile } from './direct-io.ts';

export class SequentialReader {
  readonly #path: string;
  readonly #open: OpenFile;
  #handle: FileHandle;
  #unbuffered: boolean;
  #position = 0;

  private constructor(path: string, open: OpenFile, handle: FileHandle, unbuffered: boolean) {
    this.#path = path;
    this.#open = open;
    this.#handle = handle;
    this.#unbuffered = unbuffered;
  }

  /** `throughCache`: read through the page cache anyway (small objects, buffers that are not aligned). */
  static async open(path: string, options: { readonly open?: OpenFile; readonly throughCache?: boolean } = {}): Promise<SequentialReader> {
    const open = options.open ?? fs.open;
    if (O_DIRECT !== undefined && options.throughCache !== true) {
      try {
        return new SequentialReader(path, open, await open(path, constants.O_RDONLY | O_DIRECT), true);
      } catch (error) {
        if (!refusesDirectIo(error)) throw error;
      }
    }
    return new SequentialReader(path, open, await open(path, constants.O_RDONLY), false);
  }

  /** Whether the bytes bypass the page cache. */
  get unbuffered(): boolean {
    return this.#unbuffered;
  }

  /**
   * The next bytes, as a view of `buffer`: one read, so usually full and shorter at the end (a short
   * one elsewhere leaves the next unaligned, which then goes through the cache); empty at the end.
   */
  async read(buffer: Buffer): Promise<Buffer> {
    for (;;) {
      try {
        const { bytesRead } = await this.#handle.read(buffer, 0, buffer.length, this.#position);
        this.#position += bytesRead;
        return buffer.subarray(0, bytesRead);
      } catch (error) {
        if (!this.#unbuffered || !refusesDirectIo(error)) throw error;
        await this.#reopenBuffered();
      }
    }
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }

  /** O_DIRECT was taken at open but this read was refused (an unaligned buffer or length). */
  async #reopenBuffered(): Promise<void> {
    const buffered = await this.#open(this.#path, constants.O_RDONLY);
    await this.#handle.close().catch(() => undefined);
    this.#handle = buffered;
    this.#unbuffered = false;
  }
}
