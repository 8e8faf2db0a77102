// Chunk ids computed in a worker thread (chunk-id-worker.ts). BLAKE2b is a third of a backup's
// per-byte work; on its own thread it overlaps with encryption instead of adding to it.
import { Worker } from 'node:worker_threads';
import type { HashReply, HashRequest } from './chunk-id-messages.ts';

// Under Node the sources run as .ts; in the Electron bundle the worker is built next to main as .js.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './chunk-id-worker.ts' : './chunk-id-worker.js', import.meta.url);

export interface HashedBuffer {
  readonly id: Buffer;
  /** The chunk's buffer, usable again (it was away in the worker). */
  readonly buffer: ArrayBuffer;
}

export class ChunkIdHasher {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: HashedBuffer) => void; reject: (error: Error) => void }>();
  readonly #exited: Promise<void>;
  #seq = 0;
  #failure: Error | null = null;

  /** The key is copied into the worker; the caller still owns (and zeroes) `chunkIdKey`. */
  constructor(chunkIdKey: Uint8Array) {
    // Its own ArrayBuffer, so transferring it cannot detach a pool other buffers share.
    const key = new Uint8Array(chunkIdKey.length);
    key.set(chunkIdKey);
    this.#worker = new Worker(workerUrl, { workerData: { key }, transferList: [key.buffer] });
    this.#worker.on('message', (reply: HashReply) => {
      const waiting = this.#pending.get(reply.seq);
      this.#pending.delete(reply.seq);
      waiting?.resolve({ id: Buffer.from(reply.id.buffer, reply.id.byteOffset, reply.id.byteLength), buffer: reply.buffer });
    });
    this.#worker.on('error', (error: Error) => this.#fail(error));
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', () => {
        this.#fail(new Error('the chunk-id worker stopped'));
        resolve();
      });
    });
  }

  /** Hashes the first `length` bytes of `buffer`, which is transferred away until the promise settles. */
  hash(buffer: ArrayBuffer, length: number): Promise<HashedBuffer> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const seq = (this.#seq += 1);
    const request: HashRequest = { seq, buffer, length };
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      this.#worker.postMessage(request, [buffer]);
    });
  }

  /** Lets the worker zero its key and exit; pending hashes fail. */
  async close(): Promise<void> {
    if (this.#failure === null) {
      this.#fail(new Error('the chunk-id hasher was closed'));
      this.#worker.postMessage('close');
    }
    await this.#exited;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiting of this.#pending.values()) waiting.reject(this.#failure);
    this.#pending.clear();
  }
}
