// Content-defined chunking of the database (docs/backup-format.md §9): FastCDC with normalised
// chunking and a gear table keyed by BK. An edit moves only the boundaries around it, so an unchanged
// part of the database yields the same chunks, hence the same chunk ids, in every snapshot.
import { GEAR_ENTRIES } from '../../crypto/kdf.ts';
import type { Chunker } from './chunk-stream.ts';
import { MAX_CHUNK_BYTES } from './layout.ts';

export const CDC_MIN = 512 * 1024;
export const CDC_AVG = 1024 * 1024;
export const CDC_MAX = MAX_CHUNK_BYTES;
// As signed 32-bit values: the loop below works in int32 arithmetic, where `h & mask` is int32 too.
const MASK_S = 0xfffffc00 | 0;
const MASK_L = 0xffffc000 | 0;

/**
 * The spec's cut(): length of the chunk starting at `start` in data[start, end). `gear` holds the table
 * as int32 (same bits as the u32 values): V8 keeps `(h << 1) + g | 0` in machine integers, which runs
 * about three times faster than the equivalent `>>> 0` over uint32 values.
 */
export function cut(data: Uint8Array, start: number, end: number, gear: Int32Array): number {
  let n = end - start;
  if (n <= CDC_MIN) return n;
  if (n > CDC_MAX) n = CDC_MAX;
  const normalEnd = start + (n < CDC_AVG ? n : CDC_AVG);
  const stop = start + n;
  let h = 0;
  let i = start + CDC_MIN;
  for (; i < normalEnd; i++) {
    h = ((h << 1) + gear[data[i]!]!) | 0;
    if ((h & MASK_S) === 0) return i + 1 - start;
  }
  for (; i < stop; i++) {
    h = ((h << 1) + gear[data[i]!]!) | 0;
    if ((h & MASK_L) === 0) return i + 1 - start;
  }
  return n;
}

/** The int32 view of a gear table from kdf.deriveCdcGearTable. */
export function gearForCut(gear: Uint32Array): Int32Array {
  if (gear.length !== GEAR_ENTRIES) throw new TypeError(`the gear table must have ${GEAR_ENTRIES} entries`);
  return new Int32Array(gear);
}

// Room for MAX undecided bytes plus as much input again before the window must be compacted.
const WINDOW_BYTES = 2 * CDC_MAX;

/**
 * Streaming FastCDC: push pieces of any size, get every chunk whose end is decided. It holds at most
 * MAX undecided bytes (cut() never looks further than MAX), so the output does not depend on how the
 * input was split. One window is reused for the whole stream and each chunk is copied out of it: a
 * fresh window per few chunks (zero-copy views) measured slower, because new memory costs page faults
 * while the copies reuse freed chunks, and the chunks do not pin 8 MiB windows in memory.
 */
export class DatabaseChunker implements Chunker {
  readonly #gear: Int32Array;
  readonly #window = Buffer.allocUnsafe(WINDOW_BYTES);
  #start = 0; // first undecided byte
  #end = 0; // end of buffered input

  constructor(gear: Uint32Array) {
    this.#gear = gearForCut(gear);
  }

  /** Bytes pushed but not yet returned in a chunk: never more than MAX, and less after every push. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  push(piece: Uint8Array): Buffer[] {
    const chunks: Buffer[] = [];
    let offset = 0;
    while (offset < piece.length) {
      if (this.#end === WINDOW_BYTES) this.#compact();
      // Never more than MAX undecided bytes: once MAX are in hand, cut() sees everything it ever
      // could, so the boundary is final and the chunk goes out before more input comes in.
      const count = Math.min(piece.length - offset, WINDOW_BYTES - this.#end, CDC_MAX - this.buffered);
      this.#window.set(piece.subarray(offset, offset + count), this.#end);
      this.#end += count;
      offset += count;
      if (this.buffered === CDC_MAX) chunks.push(this.#take());
    }
    return chunks;
  }

  /** The remaining chunks at end of input (the last one may be shorter than MIN). */
  flush(): Buffer[] {
    const chunks: Buffer[] = [];
    while (this.#end > this.#start) chunks.push(this.#take());
    this.#start = 0;
    this.#end = 0;
    return chunks;
  }

  #take(): Buffer {
    const length = cut(this.#window, this.#start, this.#end, this.#gear);
    const chunk = Buffer.allocUnsafe(length);
    this.#window.copy(chunk, 0, this.#start, this.#start + length);
    this.#start += length;
    return chunk;
  }

  /** Moves the undecided tail (under MAX bytes) to the front. */
  #compact(): void {
    this.#window.copyWithin(0, this.#start, this.#end);
    this.#end -= this.#start;
    this.#start = 0;
  }
}

export function createDatabaseChunker(gear: Uint32Array): DatabaseChunker {
  return new DatabaseChunker(gear);
}
