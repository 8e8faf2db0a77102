// sha256 of files being restored, computed in the hashing worker while the job thread decrypts and
// writes. Views of shared memory (the chunk fetcher's pack buffers) are read in place, and update()
// resolves once they have been; other bytes (a chunk a foreign writer compressed) are copied over.
import { HashWorkerClient } from './hash-worker-client.ts';

export class FileHasher {
  readonly #client = new HashWorkerClient(null);
  #files = 0;

  /** A new running hash; returns its number. */
  begin(): number {
    return (this.#files += 1);
  }

  /** Resolves when the worker has read `bytes`: until then they must not change. */
  async update(file: number, bytes: Uint8Array): Promise<void> {
    if (!(bytes.buffer instanceof SharedArrayBuffer))
      throw new TypeError('FileHasher reads shared memory only (a copy would cost what it saves)');
    await this.#client.request({ kind: 'sha256', file, bytes, end: false });
  }

  /** The file's sha256, hex; the running hash is gone afterwards. */
  async digest(file: number): Promise<string> {
    const reply = await this.#client.request({ kind: 'sha256', file, bytes: null, end: true });
    if (reply.digest === undefined) throw new Error('the hashing worker sent no digest');
    return reply.digest;
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
