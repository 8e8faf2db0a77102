// Media chunks read and named in the hashing worker. BLAKE2b is a third of a backup's per-byte work;
// on its own thread, with the reads, it overlaps with encryption instead of adding to it.
import { HashWorkerClient } from './hash-worker-client.ts';

export class ChunkIdHasher {
  readonly #client: HashWorkerClient;

  /** The key is copied into the worker; the caller still owns (and zeroes) `chunkIdKey`. */
  constructor(chunkIdKey: Uint8Array) {
    this.#client = new HashWorkerClient(chunkIdKey);
  }

  /**
   * Reads `bytes.length` bytes of a media file at `position` into `bytes` (a view of shared memory) in
   * the worker and returns their id. `fileSize` is the size the caller planned with.
   */
  async readChunk(path: string, fileSize: number, position: number, bytes: Uint8Array): Promise<Buffer> {
    const { id, error } = await this.#client.request({ kind: 'media-chunk', path, fileSize, position, bytes });
    if (error !== undefined) throw Object.assign(new Error(error.message), { code: error.code, syscall: error.syscall, path });
    if (id === undefined) throw new Error('the hashing worker sent no chunk id');
    return Buffer.from(id.buffer, id.byteOffset, id.byteLength);
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
