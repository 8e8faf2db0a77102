// Chunk ids computed in the hashing worker. BLAKE2b is a third of a backup's per-byte work; on its
// own thread it overlaps with encryption instead of adding to it.
import { HashWorkerClient } from './hash-worker-client.ts';

export class ChunkIdHasher {
  readonly #client: HashWorkerClient;

  /** The key is copied into the worker; the caller still owns (and zeroes) `chunkIdKey`. */
  constructor(chunkIdKey: Uint8Array) {
    this.#client = new HashWorkerClient(chunkIdKey);
  }

  /**
   * The chunk's id. `bytes` should be a view of shared memory (anything else is copied over) and must
   * not change until the promise settles.
   */
  async hash(bytes: Uint8Array): Promise<Buffer> {
    const { id } = await this.#client.request({ kind: 'chunk-id', bytes });
    if (id === undefined) throw new Error('the hashing worker sent no chunk id');
    return Buffer.from(id.buffer, id.byteOffset, id.byteLength);
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
