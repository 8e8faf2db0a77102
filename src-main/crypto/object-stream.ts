// Encrypted objects as Node streams (packs, large indexes: flat memory, composable with
// stream/promises.pipeline and AbortSignal) and as whole buffers (config-sized objects: manifests,
// locks, small indexes). Both drive the same codec, so there is one implementation of the format.
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { ObjectDecoder, ObjectEncoder, plaintextLengthOf, storedLengthOf } from './object-codec.ts';
import { MESSAGE_BYTES, type ObjectRef } from './object-header.ts';

export type { ObjectKind, ObjectRef } from './object-header.ts';

interface Codec {
  update(chunk: Buffer): Buffer[];
  /** Returns trailing output (encoder) or nothing (decoder); throws when the object is incomplete. */
  finish(): Buffer[];
  dispose(): void;
}

class CodecTransform extends Transform {
  readonly #codec: Codec;

  constructor(codec: Codec) {
    super();
    this.#codec = codec;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#run(() => this.#codec.update(chunk), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.#run(() => this.#codec.finish(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#codec.dispose();
    callback(error);
  }

  #run(step: () => Buffer[], callback: TransformCallback): void {
    let output: Buffer[];
    try {
      output = step();
    } catch (error) {
      callback(error as Error);
      return;
    }
    for (const buffer of output) this.push(buffer);
    callback();
  }
}

function encoderCodec(bk: Uint8Array, ref: ObjectRef): Codec {
  const encoder = new ObjectEncoder(bk, ref);
  return { update: (chunk) => encoder.update(chunk), finish: () => encoder.final(), dispose: () => encoder.dispose() };
}

function decoderCodec(bk: Uint8Array, expected: ObjectRef): Codec {
  const decoder = new ObjectDecoder(bk, expected);
  return {
    update: (chunk) => decoder.update(chunk),
    finish: () => {
      decoder.final();
      return [];
    },
    dispose: () => decoder.dispose(),
  };
}

/** plaintext in, stored object bytes out. `bk` is only used during construction. */
export function createObjectEncryptor(bk: Uint8Array, ref: ObjectRef): Transform {
  return new CodecTransform(encoderCodec(bk, ref));
}

/**
 * stored object bytes in, plaintext out. Fails with BACKUP_OBJECT_MISMATCH / _FORMAT_UNSUPPORTED before
 * any output, with _CORRUPT on a damaged message and _TRUNCATED when the input ends before TAG_FINAL.
 * Output already pushed is not trustworthy until the stream has finished without error.
 */
export function createObjectDecryptor(bk: Uint8Array, expected: ObjectRef): Transform {
  return new CodecTransform(decoderCodec(bk, expected));
}

/** One buffer of exactly the stored size: the encoder writes every frame into it, nothing is joined. */
export function sealObject(bk: Uint8Array, ref: ObjectRef, plaintext: Uint8Array): Buffer {
  const stored = Buffer.allocUnsafeSlow(storedLengthOf(plaintext.byteLength));
  const encoder = new ObjectEncoder(bk, ref, { take: () => stored });
  try {
    const slabs = [...encoder.update(plaintext), ...encoder.final()];
    if (slabs.length !== 1 || slabs[0]?.length !== stored.length) throw new Error('sealObject: the object did not fill its buffer');
    return stored;
  } finally {
    encoder.dispose();
  }
}

/**
 * All or nothing: returns the plaintext only when the whole object is authentic and complete. A
 * canonical object is decrypted into one buffer of its exact plaintext size (no per-message buffers):
 * `reuse` when it is large enough (a view of it is returned; its old contents are gone, even on failure).
 */
export function openObject(bk: Uint8Array, expected: ObjectRef, stored: Uint8Array, reuse?: Buffer): Buffer {
  const input = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const opening = new WholeObjectDecoder(bk, expected, input.length, reuse);
  try {
    opening.update(input);
    return opening.final();
  } finally {
    opening.dispose();
  }
}

/** Where openObjectPieces puts the plaintext, and who hears about it. */
export interface PlaintextTarget {
  /** Reused for the plaintext (from its start) when it fits; a fresh buffer otherwise. */
  readonly buffer?: Buffer;
  /**
   * Hears after each piece how long the prefix of `buffer` is that holds authenticated plaintext.
   * Those bytes are genuine and in order, but until openObjectPieces resolves the object may still
   * turn out cut short or damaged further on.
   */
  readonly onDecrypted?: (bytes: number) => void;
  /**
   * Awaited, when it returns a promise, before plaintext is written into `buffer` from `start` up to
   * `end`: an earlier object's bytes there may still be in use.
   */
  readonly whenFree?: (start: number, end: number) => Promise<unknown> | undefined;
}

/**
 * openObject over the stored bytes as they are read, `storedLength` of them in all: the stored object
 * never needs a buffer of its own. Each piece is decrypted before the next is asked for, and nothing
 * refers to it afterwards: the reader may reuse its buffer for the piece after next.
 */
export async function openObjectPieces(
  bk: Uint8Array,
  expected: ObjectRef,
  stored: AsyncIterable<Buffer>,
  storedLength: number,
  target: PlaintextTarget = {},
): Promise<Buffer> {
  const opening = new WholeObjectDecoder(bk, expected, storedLength, target.buffer);
  try {
    for await (const piece of stored) {
      // A piece completes at most the message the last one began, and its own.
      const free = opening.intoReuse ? target.whenFree?.(opening.written, opening.written + piece.length + MESSAGE_BYTES) : undefined;
      if (free !== undefined) await free;
      opening.update(piece);
      // The reader refills this piece's buffer while the next is decrypted.
      opening.detachInput();
      if (opening.intoReuse) target.onDecrypted?.(opening.written);
    }
    return opening.final();
  } finally {
    opening.dispose();
  }
}

/** The plaintext of one whole object, into one buffer when it is canonical (see openObject). */
class WholeObjectDecoder {
  readonly #output: Buffer | null;
  readonly #decoder: ObjectDecoder;
  readonly #pieces: Buffer[] = [];
  #total = 0;
  /** Whether the plaintext goes into the caller's buffer (from its start). */
  readonly intoReuse: boolean;

  constructor(bk: Uint8Array, expected: ObjectRef, storedLength: number, reuse: Buffer | undefined) {
    const length = plaintextLengthOf(storedLength);
    const fits = length !== null && reuse !== undefined && reuse.length >= length;
    this.intoReuse = fits;
    this.#output = length === null ? null : fits ? reuse.subarray(0, length) : Buffer.allocUnsafe(length);
    this.#decoder = new ObjectDecoder(bk, expected, this.#output);
  }

  /** Plaintext bytes at the start of the output so far. */
  get written(): number {
    return this.#decoder.written;
  }

  update(stored: Buffer): void {
    for (const piece of this.#decoder.update(stored)) {
      this.#pieces.push(piece);
      this.#total += piece.length;
    }
  }

  detachInput(): void {
    this.#decoder.detachInput();
  }

  final(): Buffer {
    this.#decoder.final();
    const output = this.#output;
    // Every message landed in `output`, in order, filling it: it is the plaintext.
    const filled = output !== null && this.#decoder.written === this.#total && this.#total === output.length;
    return filled ? output : Buffer.concat(this.#pieces, this.#total);
  }

  dispose(): void {
    this.#decoder.dispose();
  }
}
