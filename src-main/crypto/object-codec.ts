// The framing of an encrypted object, as push-style state machines that both the stream API and the
// whole-buffer API drive (docs/backup-format.md, "Encrypted objects"):
//
//   clear header (40 bytes) | secretstream header (24) | frame* ;  frame = u32le length | ciphertext
//
// Every non-final message carries exactly 64 KiB of plaintext; the final one (TAG_FINAL) carries the
// remaining 0..65535 bytes. Fixed sizes keep memory flat and give each object exactly one encoding.
// The clear length prefix lets a reader tell a cut-off object (TRUNCATED) from a damaged one (CORRUPT).
import { AppError } from '../../src-shared/errors.ts';
import { ByteQueue } from './byte-queue.ts';
import { deriveObjectKey } from './kdf.ts';
import { MESSAGE_BYTES, OBJECT_HEADER_BYTES, checkObjectHeader, encodeObjectHeader } from './object-header.ts';
import type { ObjectRef } from './object-header.ts';
import { STREAM_ABYTES, STREAM_HEADER_BYTES, STREAM_STATE_BYTES, TAG_FINAL, TAG_MESSAGE, sodium, zero } from './sodium.ts';

export const FRAME_PREFIX_BYTES = 4;
export const FULL_FRAME_BYTES = MESSAGE_BYTES + STREAM_ABYTES;
const STORED_OVERHEAD = OBJECT_HEADER_BYTES + STREAM_HEADER_BYTES;
/** 16 full frames: 1 MiB and a little. */
export const SLAB_BYTES = 16 * (FRAME_PREFIX_BYTES + FULL_FRAME_BYTES);

/** Where an encoder gets the buffers it writes frames into; a pool hands back ones already written out. */
export interface SlabSource {
  take(): Buffer;
}

const freshSlabs: SlabSource = { take: () => Buffer.allocUnsafeSlow(SLAB_BYTES) };

/**
 * The plaintext length of a canonical object of `storedBytes` (§6.2: full frames, then one shorter
 * final frame), or null when no canonical object has that size (the decoder then says why).
 */
export function plaintextLengthOf(storedBytes: number): number | null {
  const framed = storedBytes - STORED_OVERHEAD;
  const full = Math.floor((framed - FRAME_PREFIX_BYTES - STREAM_ABYTES) / (FRAME_PREFIX_BYTES + FULL_FRAME_BYTES));
  const last = framed - full * (FRAME_PREFIX_BYTES + FULL_FRAME_BYTES) - FRAME_PREFIX_BYTES - STREAM_ABYTES;
  if (full < 0 || last < 0 || last >= MESSAGE_BYTES) return null;
  return full * MESSAGE_BYTES + last;
}

/** The stored size of a canonical object with `plaintextBytes` of plaintext (§6.2). */
export function storedLengthOf(plaintextBytes: number): number {
  const full = Math.floor(plaintextBytes / MESSAGE_BYTES);
  const last = plaintextBytes - full * MESSAGE_BYTES;
  return STORED_OVERHEAD + full * (FRAME_PREFIX_BYTES + FULL_FRAME_BYTES) + FRAME_PREFIX_BYTES + last + STREAM_ABYTES;
}

/**
 * Encrypts one object. Feed plaintext with update(), then call final() exactly once. Output comes as
 * slabs of about 1 MiB, each filled with whole frames (the first also holds the headers) and handed
 * out once full, never touched again: a consumer may give it back to the pool as soon as it is done.
 */
export class ObjectEncoder {
  readonly #state = Buffer.alloc(STREAM_STATE_BYTES);
  readonly #ad: Buffer;
  readonly #pending = Buffer.alloc(MESSAGE_BYTES);
  readonly #slabs: SlabSource;
  #filled = 0;
  #slab: Buffer;
  #slabUsed = 0;

  constructor(bk: Uint8Array, ref: ObjectRef, slabs: SlabSource = freshSlabs) {
    this.#slabs = slabs;
    this.#slab = slabs.take();
    this.#ad = encodeObjectHeader(ref);
    const streamHeader = Buffer.alloc(STREAM_HEADER_BYTES);
    const key = deriveObjectKey(bk, ref.objectId);
    try {
      sodium.crypto_secretstream_xchacha20poly1305_init_push(this.#state, streamHeader, key);
    } finally {
      zero(key);
    }
    this.#slab.set(this.#ad, 0);
    this.#slab.set(streamHeader, OBJECT_HEADER_BYTES);
    this.#slabUsed = STORED_OVERHEAD;
  }

  /** Encrypts `data` (which may be reused once this returns); returns the slabs it filled. */
  update(data: Uint8Array): Buffer[] {
    const out: Buffer[] = [];
    let offset = 0;
    for (;;) {
      if (this.#filled === MESSAGE_BYTES) {
        this.#seal(this.#pending, TAG_MESSAGE, out);
        this.#filled = 0;
      }
      if (offset >= data.length) break;
      if (this.#filled === 0 && data.length - offset >= MESSAGE_BYTES) {
        // Whole messages straight from the caller's buffer: no copy on the hot path.
        this.#seal(data.subarray(offset, offset + MESSAGE_BYTES), TAG_MESSAGE, out);
        offset += MESSAGE_BYTES;
        continue;
      }
      const count = Math.min(MESSAGE_BYTES - this.#filled, data.length - offset);
      this.#pending.set(data.subarray(offset, offset + count), this.#filled);
      this.#filled += count;
      offset += count;
    }
    return out;
  }

  /** The last frame; returns the remaining slabs, the last one only as long as it is filled. */
  final(): Buffer[] {
    const out: Buffer[] = [];
    this.#seal(this.#pending.subarray(0, this.#filled), TAG_FINAL, out);
    out.push(this.#slab.subarray(0, this.#slabUsed));
    this.#slabUsed = this.#slab.length;
    this.dispose();
    return out;
  }

  dispose(): void {
    zero(this.#state, this.#pending);
    this.#filled = 0;
  }

  /** Seals one message into the current slab, first handing out the slab if the frame does not fit. */
  #seal(message: Uint8Array, tag: number, out: Buffer[]): void {
    const length = FRAME_PREFIX_BYTES + message.length + STREAM_ABYTES;
    if (this.#slab.length - this.#slabUsed < length) {
      out.push(this.#slab.subarray(0, this.#slabUsed));
      this.#slab = this.#slabs.take();
      this.#slabUsed = 0;
    }
    const frame = this.#slab.subarray(this.#slabUsed, this.#slabUsed + length);
    this.#slabUsed += length;
    frame.writeUInt32LE(message.length + STREAM_ABYTES, 0);
    sodium.crypto_secretstream_xchacha20poly1305_push(this.#state, frame.subarray(FRAME_PREFIX_BYTES), message, this.#ad, tag);
  }
}

type Phase = 'header' | 'stream-header' | 'length' | 'body' | 'done';

/**
 * Decrypts one object. Checks the clear header against `expected` before anything is decrypted, and
 * yields plaintext message by message: the output is only trustworthy once final() has returned.
 */
export class ObjectDecoder {
  readonly #expected: ObjectRef;
  readonly #state = Buffer.alloc(STREAM_STATE_BYTES);
  readonly #queue = new ByteQueue();
  readonly #tag = Buffer.alloc(1);
  #key: Buffer | null;
  #ad: Buffer | null = null;
  #phase: Phase = 'header';
  #frameLength = 0;
  #messages = 0;
  readonly #output: Buffer | null;
  #written = 0;
  #plainSoFar = 0;

  /**
   * With `output`, messages are decrypted straight into it (as long as they fit) and returned as views
   * of it: a whole-object read then allocates one buffer instead of one per 64 KiB and a join.
   */
  constructor(bk: Uint8Array, expected: ObjectRef, output: Buffer | null = null) {
    this.#expected = expected;
    this.#key = deriveObjectKey(bk, expected.objectId);
    this.#output = output;
  }

  /** Bytes decrypted into `output` so far. */
  get written(): number {
    return this.#written;
  }

  update(chunk: Buffer): Buffer[] {
    this.#queue.push(chunk);
    const out: Buffer[] = [];
    for (;;) {
      const step = this.#step();
      if (step === null) break;
      if (step.length > 0) out.push(step);
    }
    return out;
  }

  /** Stops referring to the input given so far (the part of a frame still incomplete is copied). */
  detachInput(): void {
    this.#queue.detach();
  }

  /** Call at end of input: throws BACKUP_OBJECT_TRUNCATED unless the final message was read. */
  final(): void {
    const phase = this.#phase;
    const pending = this.#queue.length;
    this.dispose();
    if (phase === 'done') return;
    const reason =
      phase === 'header' || phase === 'stream-header' ? 'header' : phase === 'length' && pending === 0 ? 'no-final' : 'mid-message';
    throw new AppError('BACKUP_OBJECT_TRUNCATED', undefined, { reason, messages: this.#messages });
  }

  dispose(): void {
    zero(this.#state, this.#key ?? undefined);
    this.#key = null;
  }

  /** Advances by one unit; returns decrypted plaintext (possibly empty), or null when more input is needed. */
  #step(): Buffer | null {
    switch (this.#phase) {
      case 'header': {
        const header = this.#queue.take(OBJECT_HEADER_BYTES);
        if (header === null) return null;
        checkObjectHeader(header, this.#expected);
        this.#ad = Buffer.from(header);
        this.#phase = 'stream-header';
        return Buffer.alloc(0);
      }
      case 'stream-header': {
        const streamHeader = this.#queue.take(STREAM_HEADER_BYTES);
        if (streamHeader === null || this.#key === null) return null;
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(this.#state, streamHeader, this.#key);
        zero(this.#key);
        this.#key = null;
        this.#phase = 'length';
        return Buffer.alloc(0);
      }
      case 'length': {
        const prefix = this.#queue.take(FRAME_PREFIX_BYTES);
        if (prefix === null) return null;
        const length = prefix.readUInt32LE(0);
        if (length < STREAM_ABYTES || length > FULL_FRAME_BYTES) throw this.#corrupt('frame-length');
        this.#frameLength = length;
        this.#phase = 'body';
        return Buffer.alloc(0);
      }
      case 'body':
        return this.#openFrame();
      case 'done':
        if (this.#queue.length > 0) throw this.#corrupt('trailing-data');
        return null;
    }
  }

  #openFrame(): Buffer | null {
    const frame = this.#queue.take(this.#frameLength);
    if (frame === null) return null;
    const length = frame.length - STREAM_ABYTES;
    // Views only while every earlier message went into `output` too, so `written` stays a prefix.
    const intoOutput = this.#output !== null && this.#written === this.#plainSoFar && this.#written + length <= this.#output.length;
    const message = intoOutput ? this.#output.subarray(this.#written, this.#written + length) : Buffer.allocUnsafe(length);
    try {
      sodium.crypto_secretstream_xchacha20poly1305_pull(this.#state, message, this.#tag, frame, this.#ad);
    } catch {
      throw this.#corrupt('authentication');
    }
    const tag = this.#tag[0];
    const full = frame.length === FULL_FRAME_BYTES;
    // Authentic but not canonical (a full final or a short non-final message): only a foreign writer does that.
    if (tag === TAG_MESSAGE && !full) throw this.#corrupt('short-message');
    if (tag === TAG_FINAL && full) throw this.#corrupt('full-final-message');
    if (tag !== TAG_MESSAGE && tag !== TAG_FINAL) throw this.#corrupt('tag');
    this.#messages += 1;
    if (intoOutput) this.#written += length;
    this.#plainSoFar += length;
    this.#phase = tag === TAG_FINAL ? 'done' : 'length';
    if (this.#phase === 'done') zero(this.#state);
    return message;
  }

  #corrupt(reason: string): AppError {
    this.dispose();
    return new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason, message: this.#messages });
  }
}
