// An object read from a bucket piece by piece into the caller's two buffers (Destination.readPieces).
// The next piece fills from the response while the caller decrypts the last one, so a restore's
// download and decryption overlap, and no buffer the size of a pack is allocated per pack. A
// connection dropped in the middle of a body is picked up with a ranged GET from the byte reached,
// pinned to the first answer's ETag: it can only continue the same object, never splice in another.
import type { Readable } from 'node:stream';
import { AppError } from '../../../src-shared/errors.ts';
import { alternating, piecesAhead, type PieceSource } from './pieces-ahead.ts';
import { withRetries, type RetryPolicy } from './s3-retry.ts';

export interface OpenedBody {
  readonly body: Readable;
  readonly etag: string | undefined;
}

/** A GET of the object from byte `from` on (with If-Match: `etag` when given). */
export type OpenBody = (from: number, etag: string | undefined) => Promise<OpenedBody>;

/** The response body, resumed after a dropped connection; reads land in the caller's buffers. */
class ResumingBody {
  readonly #open: OpenBody;
  readonly #policy: RetryPolicy;
  readonly #etag: string | undefined;
  #body: Readable;
  #chunks: AsyncIterator<Buffer>;
  /** What is left of the last chunk the body gave. */
  #left: Buffer | null = null;
  /** Bytes of the object handed on so far. */
  #offset = 0;
  #destroyed = false;

  constructor(first: OpenedBody, open: OpenBody, policy: RetryPolicy) {
    this.#open = open;
    this.#policy = policy;
    this.#etag = first.etag;
    this.#body = first.body;
    this.#chunks = first.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Fills `target` from the body; fewer bytes only at the end of the object. */
  async fill(target: Buffer): Promise<Buffer> {
    let filled = 0;
    while (filled < target.length) {
      const chunk = this.#left ?? (await this.#nextChunk());
      this.#left = null;
      if (chunk === null) break;
      const used = Math.min(chunk.length, target.length - filled);
      chunk.copy(target, filled, 0, used);
      filled += used;
      this.#offset += used;
      if (used < chunk.length) this.#left = chunk.subarray(used);
    }
    return target.subarray(0, filled);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#body.destroy();
  }

  /**
   * The next chunk of the body; a transient failure reopens it from the byte reached, with
   * withRetries' backoff and limit counted per chunk (each resume is progress).
   */
  #nextChunk(): Promise<Buffer | null> {
    let broken = false;
    return withRetries('get-resume', this.#policy, undefined, async () => {
      // Dropped by the consumer: nothing to resume (return() swallows this).
      if (this.#destroyed) throw new AppError('OPERATION_CANCELLED');
      if (broken) {
        this.#body.destroy();
        const reopened = await this.#open(this.#offset, this.#etag);
        this.#body = reopened.body;
        this.#chunks = reopened.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      }
      try {
        const next = await this.#chunks.next();
        return next.done === true ? null : next.value;
      } catch (error) {
        broken = true;
        throw error;
      }
    });
  }
}

/**
 * `buffers` in turn, each piece valid until the consumer asks for the next one; failures come out
 * mapped by `fail`. Giving up drops the response, so a consumer that stops early leaves no socket open.
 */
export function readPiecesFrom(
  first: OpenedBody,
  buffers: readonly [Buffer, Buffer],
  open: OpenBody,
  policy: RetryPolicy,
  fail: (error: unknown) => AppError,
): AsyncIterableIterator<Buffer> {
  const body = new ResumingBody(first, open, policy);
  const source: PieceSource = {
    fill: (buffer) => body.fill(buffer),
    close: () => body.destroy(),
    interrupt: () => body.destroy(),
    mapError: (error) => (error instanceof AppError ? error : fail(error)),
  };
  return piecesAhead(source, alternating(buffers));
}
