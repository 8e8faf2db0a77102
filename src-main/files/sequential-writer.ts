// Writes a new file front to back, bypassing the page cache where the platform allows it (O_DIRECT
// on Linux). Backup objects and restored media are written once, fsync'ed or checked, and not read
// back soon: through the page cache every byte costs a copy into freshly allocated cache pages (on
// the 2-vCPU VM measured, 0.3-4 s of system time per GiB depending on its memory's state, up to
// four times the cost of encrypting it) and evicts what the user is working with. Bytes are copied
// into page-aligned 1 MiB blocks (aligned-blocks.ts); full blocks are written while the next fills,
// each write its own request in the thread pool once the file system has accepted one. The last
// block is padded to the alignment and the file then cut to its real length.
//
// Where unbuffered writes are not available (macOS, Windows, file systems that refuse O_DIRECT with
// EINVAL), the same code writes through the page cache.
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { ALIGNMENT_BYTES, returnBlock, takeBlock } from './aligned-blocks.ts';

/** How the writer opens files: node:fs/promises' open, or a test's failing disk. */
export type OpenFile = (path: string, flags: number, mode?: number) => Promise<FileHandle>;

const O_DIRECT: number | undefined = (constants as { O_DIRECT?: number }).O_DIRECT;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

export interface CreateOptions {
  readonly open?: OpenFile;
  readonly mode?: number;
  /**
   * 1 MiB blocks, at least 2. All but the one filling may be on their way to the disk at once, each
   * its own request in the thread pool: the disk then keeps writing while the producing thread is
   * busy for a few milliseconds (encrypting the next chunk) and cannot start the next write itself.
   */
  readonly blocks?: number;
}

export class SequentialWriter {
  readonly #path: string;
  readonly #open: OpenFile;
  #handle: FileHandle;
  #unbuffered: boolean;
  readonly #blocks: Buffer[];
  /** Per block, its last write: the block is not filled again before that is done. */
  readonly #writes: Promise<void>[];
  #filling = 0;
  #used = 0;
  /** File offset of the block being filled. */
  #position = 0;
  #size = 0;
  /** The write submitted last. Until one unbuffered write has succeeded, each waits for it. */
  #inFlight: Promise<void> = Promise.resolve();
  #proven = false;
  #reopening: Promise<void> | null = null;
  #closed = false;

  private constructor(path: string, open: OpenFile, handle: FileHandle, unbuffered: boolean, blocks: number) {
    this.#blocks = Array.from({ length: Math.max(2, blocks) }, () => takeBlock());
    this.#writes = this.#blocks.map(() => Promise.resolve());
    this.#path = path;
    this.#open = open;
    this.#handle = handle;
    this.#unbuffered = unbuffered;
  }

  /**
   * Creates `path`, which must not exist (EEXIST otherwise). Meant for fresh temporary names: when the
   * file system refuses O_DIRECT only after creating the file, it is reopened without O_EXCL.
   */
  static async create(path: string, options: CreateOptions = {}): Promise<SequentialWriter> {
    const open = options.open ?? fs.open;
    const mode = options.mode ?? 0o666;
    const blocks = options.blocks ?? 2;
    if (O_DIRECT !== undefined) {
      try {
        return new SequentialWriter(path, open, await open(path, CREATE_NEW | O_DIRECT, mode), true, blocks);
      } catch (error) {
        if (!isUnsupported(error)) throw error;
        const buffered = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, mode);
        return new SequentialWriter(path, open, buffered, false, blocks);
      }
    }
    return new SequentialWriter(path, open, await open(path, CREATE_NEW, mode), false, blocks);
  }

  /** Whether the bytes bypass the page cache. */
  get unbuffered(): boolean {
    return this.#unbuffered;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Copies `bytes` in; the caller may reuse them once this resolves. Await each call before the next:
   * it waits for the disk whenever both blocks are full.
   */
  async write(bytes: Uint8Array): Promise<void> {
    for (let offset = 0; offset < bytes.byteLength;) {
      const block = this.#blocks[this.#filling] as Buffer;
      const count = Math.min(block.length - this.#used, bytes.byteLength - offset);
      copyInto(block, this.#used, bytes.subarray(offset, offset + count));
      this.#used += count;
      this.#size += count;
      offset += count;
      if (this.#used === block.length) await this.#handOver(block.length);
    }
  }

  /** Writes what is left and gives the file its exact length. Call once, after the last write(). */
  async finish(): Promise<void> {
    if (this.#used > 0) {
      const length = this.#unbuffered ? Math.ceil(this.#used / ALIGNMENT_BYTES) * ALIGNMENT_BYTES : this.#used;
      // Zeros, not a previous file's bytes, even in the moment before the file is cut.
      this.#blocks[this.#filling]?.fill(0, this.#used, length);
      await this.#handOver(length);
    }
    await Promise.all(this.#writes);
    if (this.#position !== this.#size) await this.#handle.truncate(this.#size);
  }

  async sync(): Promise<void> {
    await this.#handle.sync();
  }

  /** Closes the file and gives the blocks back; safe to call more than once, and after a failure. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled(this.#writes);
    for (const block of this.#blocks) returnBlock(block);
    await this.#handle.close();
  }

  /** Submits the filling block's write and moves on to the next block once its last write is done. */
  async #handOver(length: number): Promise<void> {
    const block = this.#blocks[this.#filling] as Buffer;
    const position = this.#position;
    // Until the file system has taken one unbuffered write, a refusal (EINVAL) means reopening
    // buffered, which must not race other writes: they wait for the one before.
    const after = this.#proven ? Promise.resolve() : this.#inFlight;
    const write = after.then(() => this.#writeAt(block, length, position));
    write.catch(() => undefined); // surfaces through the next write(), finish() or close()
    this.#writes[this.#filling] = write;
    this.#inFlight = write;
    this.#position += length;
    this.#filling = (this.#filling + 1) % this.#blocks.length;
    this.#used = 0;
    await this.#writes[this.#filling];
  }

  async #writeAt(block: Buffer, length: number, position: number): Promise<void> {
    for (let offset = 0; offset < length;) {
      const handle = this.#handle;
      const direct = this.#unbuffered;
      try {
        offset += (await handle.write(block, offset, length - offset, position + offset)).bytesWritten;
        this.#proven = true;
      } catch (error) {
        if (!direct || !isUnsupported(error)) throw error;
        // Writes in flight together may all be refused: one reopens, every one retries buffered.
        await (this.#reopening ??= this.#reopenBuffered());
      }
    }
  }

  /** The file system took O_DIRECT at open but refuses the writes (alignment it does not accept). */
  async #reopenBuffered(): Promise<void> {
    const buffered = await this.#open(this.#path, constants.O_WRONLY);
    const direct = this.#handle;
    this.#handle = buffered;
    this.#unbuffered = false;
    await direct.close().catch(() => undefined); // after the writes still on it
  }
}

function isUnsupported(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EINVAL';
}

/**
 * memcpy of `source` into `target` at `offset`. Not TypedArray#set: from shared memory (restore's
 * decrypted packs) V8 copies with relaxed atomics, byte by byte at unaligned offsets, measured at
 * 1.9 GB/s against 13 GB/s here. Buffer#fill with a source as long as the range is one memcpy.
 */
function copyInto(target: Buffer, offset: number, source: Uint8Array): void {
  if (source.byteLength > 0) target.fill(source, offset, offset + source.byteLength);
}
