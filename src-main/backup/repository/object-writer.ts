// An encrypted object written piece by piece while the destination stores it: the writer encrypts
// each piece as it is handed over (so the caller may reuse its buffer as soon as write() returns)
// and queues the encoder's 1 MiB slabs for the destination, waiting only when a few are queued.
// A slab goes back to the pool when the destination asks for the next piece (the Destination
// contract: a body's piece is only valid until then), so a backup of any size encrypts into the same
// handful of buffers. No Node stream sits in between: a Readable's iterator joins what it has
// buffered (a copy of every byte) and hides when a piece has been consumed.
import { AppError } from '../../../src-shared/errors.ts';
import { ObjectEncoder, SLAB_BYTES } from '../../crypto/object-codec.ts';
import type { ObjectRef } from '../../crypto/object-stream.ts';
import type { Destination } from '../destination/destination.ts';

/** Bytes queued for the destination before write() waits for it. */
const QUEUE_HIGH_WATER = 4 * 1024 * 1024;
/** Free slabs kept: the queue's worth, the one the destination holds, the one being filled, spares. */
const POOL_LIMIT = 8;

export interface ObjectWriter {
  /** Encrypts `plaintext` now; resolves once the queue has room again. */
  write(plaintext: Uint8Array): Promise<void>;
  /** Seals the object and resolves once the destination has confirmed it (§14). */
  finish(): Promise<{ readonly size: number }>;
  /** Drops the object: the destination removes what it had written, nothing gets the name. */
  abort(reason: unknown): Promise<void>;
}

/** Slabs the destination is done with, for the next object's encoder (a pack writer keeps one for all its packs). */
export class SlabPool {
  readonly #free: Buffer[] = [];

  take(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
  }

  /** A piece that is one of the encoder's slabs (the last one may be a shorter view) comes back here. */
  give(piece: Buffer): void {
    if (piece.byteOffset === 0 && piece.buffer.byteLength === SLAB_BYTES && this.#free.length < POOL_LIMIT) {
      this.#free.push(Buffer.from(piece.buffer, 0, SLAB_BYTES));
    }
  }
}

export interface WriteOptions {
  readonly signal?: AbortSignal;
  /** Shared by the objects of one writer, so each new object starts with warm buffers. */
  readonly slabs?: SlabPool;
}

export function openObjectWriter(
  destination: Destination,
  name: string,
  backupKey: Uint8Array,
  ref: ObjectRef,
  options: WriteOptions = {},
): ObjectWriter {
  const slabs = options.slabs ?? new SlabPool();
  const queue = new SlabQueue(slabs);
  const encoder = new ObjectEncoder(backupKey, ref, slabs);
  const { signal } = options;
  const stored = destination.put(name, queue, { ifAbsent: true, signal });
  // Settles unobserved when aborted, or before finish() is called when the destination fails early.
  stored.catch(() => undefined);
  const failedEarly = stored.then(() => Promise.reject(new Error('the object was stored before it was finished')));
  failedEarly.catch(() => undefined);

  return {
    async write(plaintext) {
      queue.push(encoder.update(plaintext));
      if (queue.bytes > QUEUE_HIGH_WATER) await Promise.race([queue.drained(QUEUE_HIGH_WATER), failedEarly]);
    },
    async finish() {
      queue.push(encoder.final());
      queue.end(null);
      return stored;
    },
    async abort(reason) {
      encoder.dispose();
      queue.end(reason instanceof Error ? reason : new AppError('OPERATION_CANCELLED'));
      await stored.catch(() => undefined);
    },
  };
}

/**
 * A single-consumer async queue of slabs (the destination's body), and the pool they return to: the
 * piece the consumer holds is released when it asks for the next one.
 */
class SlabQueue implements AsyncIterable<Buffer> {
  readonly #slabs: Buffer[] = [];
  readonly #pool: SlabPool;
  #head = 0;
  #bytes = 0;
  #ended = false;
  #failure: Error | null = null;
  #wakeConsumer: (() => void) | null = null;
  #wakeProducer: { readonly below: number; readonly resolve: () => void } | null = null;

  constructor(pool: SlabPool) {
    this.#pool = pool;
  }

  get bytes(): number {
    return this.#bytes;
  }

  push(slabs: readonly Buffer[]): void {
    for (const slab of slabs) {
      this.#slabs.push(slab);
      this.#bytes += slab.length;
    }
    this.#wake();
  }

  /** No more slabs; with a reason, the consumer fails with it instead of finishing. */
  end(failure: Error | null): void {
    this.#ended = true;
    this.#failure ??= failure;
    if (failure !== null) this.#clear();
    this.#wake();
    this.#wakeProducer?.resolve();
  }

  drained(below: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wakeProducer = { below, resolve };
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.#failure !== null) throw this.#failure;
      const slab = this.#take();
      if (slab !== null) {
        yield slab;
        this.#pool.give(slab);
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wakeConsumer = resolve;
      });
    }
  }

  #take(): Buffer | null {
    if (this.#head === this.#slabs.length) return null;
    const slab = this.#slabs[this.#head] ?? null;
    this.#head += 1;
    if (slab === null) return null;
    this.#bytes -= slab.length;
    if (this.#head === this.#slabs.length) this.#clear();
    const waiting = this.#wakeProducer;
    if (waiting !== null && this.#bytes <= waiting.below) {
      this.#wakeProducer = null;
      waiting.resolve();
    }
    return slab;
  }

  /** Drops the consumed (or abandoned) slabs, so the queue holds no memory it no longer needs. */
  #clear(): void {
    this.#slabs.length = 0;
    this.#head = 0;
    this.#bytes = 0;
  }

  #wake(): void {
    const wake = this.#wakeConsumer;
    this.#wakeConsumer = null;
    wake?.();
  }
}
