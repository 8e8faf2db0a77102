// Reads media chunks inside the hashing worker, straight into the job thread's shared buffers. Reads
// done by the job thread waited for its event loop between two chunks it was encrypting, so they
// could never run ahead; here the worker reads and hashes the queued chunks back to back.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class MediaReader {
  /** The file being read: a media file's chunks come one after the other. */
  #open: { readonly path: string; readonly fd: number } | null = null;

  /** Fills `target` from `position`; the file must still have the size the backup planned with. */
  read(path: string, fileSize: number, position: number, target: Uint8Array): void {
    const fd = this.#fd(path, fileSize);
    for (let filled = 0; filled < target.length;) {
      const read = readSync(fd, target, filled, target.length - filled, position + filled);
      if (read === 0) throw new Error(`media file ${path} became shorter during the backup`);
      filled += read;
    }
  }

  close(): void {
    if (this.#open !== null) closeSync(this.#open.fd);
    this.#open = null;
  }

  #fd(path: string, fileSize: number): number {
    if (this.#open?.path === path) return this.#open.fd;
    this.close();
    const fd = openSync(path, 'r');
    const { size } = fstatSync(fd);
    if (size !== fileSize) {
      closeSync(fd);
      throw new Error(`media file ${path} changed size during the backup (${fileSize} → ${size} bytes)`);
    }
    this.#open = { path, fd };
    return fd;
  }
}
