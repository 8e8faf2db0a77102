// Room for the media chunks read ahead of a backup's encryption, in one shared buffer used as a ring.
// Chunks are taken and given back in the same order (the backup stores them in stream order), so
// each one goes right after the one before, or back at the start when the end has no room for it.
// Sized in bytes rather than in 4 MiB buffers: most media files are a single chunk well under 4 MiB,
// and a ring holds as many of them as fit.

export interface RingChunk {
  readonly bytes: Buffer;
  /** Gives the room back; chunks must be given back in the order they were taken. */
  readonly release: () => void;
}

interface Taken {
  readonly start: number;
  released: boolean;
}

export class ChunkRing {
  readonly #memory: SharedArrayBuffer;
  /** Chunks taken and not yet given back, oldest first. */
  readonly #taken: Taken[] = [];
  /** Where the next chunk goes when it fits there. */
  #end = 0;

  constructor(bytes: number) {
    this.#memory = new SharedArrayBuffer(bytes);
  }

  /** The largest chunk the ring can hold. */
  get capacity(): number {
    return this.#memory.byteLength;
  }

  /** Room for `length` bytes after every chunk still taken; null until enough of them are given back. */
  take(length: number): RingChunk | null {
    if (length <= 0 || length > this.capacity) throw new RangeError(`a chunk of ${length} bytes does not fit a ring of ${this.capacity}`);
    const start = this.#startFor(length);
    if (start === null) return null;
    const taken: Taken = { start, released: false };
    this.#taken.push(taken);
    this.#end = start + length;
    return { bytes: Buffer.from(this.#memory, start, length), release: () => this.#release(taken) };
  }

  /** Giving back out of order would hand out bytes still in use: refused, as a bug. */
  #release(taken: Taken): void {
    if (taken.released) return;
    if (this.#taken[0] !== taken) throw new Error('ring chunks must be given back in the order they were taken');
    taken.released = true;
    this.#taken.shift();
    if (this.#taken.length === 0) this.#end = 0;
  }

  #startFor(length: number): number | null {
    const oldest = this.#taken[0]?.start;
    if (oldest === undefined) return 0;
    // Not wrapped: the chunks in use run from `oldest` to `end`; room after them, or at the start.
    if (this.#end > oldest) {
      if (this.#end + length <= this.capacity) return this.#end;
      return length <= oldest ? 0 : null;
    }
    // Wrapped: the room left is between the newest chunk and the oldest.
    return this.#end + length <= oldest ? this.#end : null;
  }
}
