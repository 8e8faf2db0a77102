// The job thread's side of the hashing worker (hash-worker.ts): requests numbered, replies matched,
// and a worker that exits or fails rejects what is pending instead of leaving it waiting forever.
import { Worker } from 'node:worker_threads';
import { BACKUP_WORKER_LIMITS } from '../worker-limits.ts';
import type { HashReply, HashRequest } from './hash-messages.ts';

// Under Node the sources run as .ts; in the Electron bundle the worker is built next to main as .js.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './hash-worker.ts' : './hash-worker.js', import.meta.url);

type Unnumbered<R> = R extends HashRequest ? Omit<R, 'seq'> : never;

export class HashWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (reply: HashReply) => void; reject: (error: Error) => void }>();
  readonly #exited: Promise<void>;
  #seq = 0;
  #failure: Error | null = null;

  /** `chunkIdKey` is copied into the worker (the caller still owns and zeroes its own). */
  constructor(chunkIdKey: Uint8Array | null) {
    // Its own ArrayBuffer, so transferring it cannot detach a pool other buffers share.
    const key = chunkIdKey === null ? null : new Uint8Array(chunkIdKey);
    this.#worker = new Worker(workerUrl, {
      workerData: { key },
      transferList: key === null ? [] : [key.buffer],
      resourceLimits: BACKUP_WORKER_LIMITS,
    });
    this.#worker.on('message', (reply: HashReply) => {
      const waiting = this.#pending.get(reply.seq);
      this.#pending.delete(reply.seq);
      waiting?.resolve(reply);
    });
    this.#worker.on('error', (error: Error) => this.#fail(error));
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', () => {
        this.#fail(new Error('the hashing worker stopped'));
        resolve();
      });
    });
  }

  request(request: Unnumbered<HashRequest>): Promise<HashReply> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const seq = (this.#seq += 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      this.#worker.postMessage({ ...request, seq });
    });
  }

  /** Lets the worker zero its key and exit; pending requests fail. */
  async close(): Promise<void> {
    if (this.#failure === null) {
      this.#fail(new Error('the hashing worker was closed'));
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
