import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../src-main/crypto/ids.ts';
import { deriveObjectKey } from '../../../src-main/crypto/kdf.ts';
import {
  FRAME_PREFIX_BYTES,
  FULL_FRAME_BYTES,
  plaintextLengthOf,
  SLAB_BYTES,
  storedLengthOf,
} from '../../../src-main/crypto/object-codec.ts';
import { encodeObjectHeader, MESSAGE_BYTES, OBJECT_HEADER_BYTES } from '../../../src-main/crypto/object-header.ts';
import {
  createObjectDecryptor,
  createObjectEncryptor,
  openObject,
  openObjectPieces,
  sealObject,
} from '../../../src-main/crypto/object-stream.ts';
import type { ObjectRef } from '../../../src-main/crypto/object-stream.ts';
import { randomBytes, sodium, STREAM_STATE_BYTES, TAG_FINAL, TAG_MESSAGE } from '../../../src-main/crypto/sodium.ts';
import { expectAppError, expectAppErrorAsync, flipBit, runTransform } from './crypto-test-helpers.ts';

const bk = randomBytes(32);
const ref: ObjectRef = { kind: 'pack', repositoryId: newId(), objectId: newId() };
const PREFIX = OBJECT_HEADER_BYTES + 24; // clear header + secretstream header
const FRAME = FRAME_PREFIX_BYTES + FULL_FRAME_BYTES;

/** Where each frame starts in a stored object of `size` plaintext bytes. */
function frameStarts(size: number): number[] {
  const count = Math.floor(size / MESSAGE_BYTES) + 1;
  return Array.from({ length: count }, (_, i) => PREFIX + i * FRAME);
}

const sizes = {
  empty: 0,
  oneByte: 1,
  lessThanOneMessage: MESSAGE_BYTES - 1,
  exactlyOneMessage: MESSAGE_BYTES,
  oneMessageAndOne: MESSAGE_BYTES + 1,
  many: 3 * MESSAGE_BYTES + 12_345,
};

describe('encrypted object round trip', () => {
  for (const [name, size] of Object.entries(sizes)) {
    it(`seals and opens ${name} (${size} bytes) with the documented size`, () => {
      const plaintext = randomBytes(size);
      const stored = sealObject(bk, ref, plaintext);
      const finalBytes = size % MESSAGE_BYTES;
      expect(stored.length).toBe(PREFIX + Math.floor(size / MESSAGE_BYTES) * FRAME + FRAME_PREFIX_BYTES + finalBytes + 17);
      expect(storedLengthOf(size)).toBe(stored.length);
      expect(openObject(bk, ref, stored).equals(plaintext)).toBe(true);
    });

    it(`streams ${name} through odd piece sizes both ways`, async () => {
      const plaintext = randomBytes(size);
      const encrypted = Buffer.concat(await runTransform(createObjectEncryptor(bk, ref), plaintext, 10_007));
      expect(openObject(bk, ref, encrypted).equals(plaintext)).toBe(true);
      const decrypted = Buffer.concat(await runTransform(createObjectDecryptor(bk, ref), encrypted, 4_099));
      expect(decrypted.equals(plaintext)).toBe(true);
    });
  }

  it('streams slabs of at most 1 MiB as they fill (flat memory)', async () => {
    const output = await runTransform(createObjectEncryptor(bk, ref), randomBytes(40 * MESSAGE_BYTES), 3 * MESSAGE_BYTES);
    expect(output.length).toBeGreaterThanOrEqual(3);
    for (const chunk of output) expect(chunk.length).toBeLessThanOrEqual(SLAB_BYTES);
    expect(Buffer.concat(output).length).toBe(storedLengthOf(40 * MESSAGE_BYTES));
  });

  it('decrypts into a reused buffer when it is large enough, and into a new one otherwise', () => {
    const plaintext = randomBytes(3 * MESSAGE_BYTES + 5);
    const stored = sealObject(bk, ref, plaintext);
    const reuse = Buffer.alloc(plaintext.length + 100);
    const opened = openObject(bk, ref, stored, reuse);
    expect(opened.buffer).toBe(reuse.buffer);
    expect(opened.equals(plaintext)).toBe(true);
    const small = Buffer.alloc(10);
    const fresh = openObject(bk, ref, stored, small);
    expect(fresh.buffer).not.toBe(small.buffer);
    expect(fresh.equals(plaintext)).toBe(true);
  });

  it('opens an object read into two reused buffers, the next piece read while the last is decrypted', async () => {
    const plaintext = randomBytes(5 * MESSAGE_BYTES + 77);
    const stored = sealObject(bk, ref, plaintext);
    // Like the folder's readPieces: handing out piece k starts reading k+1 into the buffer of k-1.
    // Pieces do not line up with frames, so a frame's start is still in that buffer.
    const pieceBytes = 100_000;
    async function* readAhead(): AsyncGenerator<Buffer> {
      const buffers = [Buffer.alloc(pieceBytes), Buffer.alloc(pieceBytes)] as const;
      let turn = 0;
      const read = (): Buffer => {
        const buffer = buffers[turn % 2] ?? buffers[0];
        const at = turn * pieceBytes;
        turn += 1;
        return buffer.subarray(0, at < stored.length ? stored.copy(buffer, 0, at, at + pieceBytes) : 0);
      };
      for (let piece = read(); piece.length > 0;) {
        const next = read();
        yield await Promise.resolve(piece);
        piece = next;
      }
    }
    const reuse = Buffer.alloc(plaintext.length);
    // Each piece asks for the part of the buffer it will write before writing it, and stays inside.
    const asked: [number, number][] = [];
    const decrypted: number[] = [];
    const whenFree = (start: number, end: number): Promise<void> => {
      asked.push([start, end]);
      return Promise.resolve();
    };
    const onDecrypted = (bytes: number): void => {
      const [start = -1, end = -1] = asked.at(-1) ?? [];
      expect(start).toBe(decrypted.at(-1) ?? 0);
      expect(bytes).toBeLessThanOrEqual(end);
      decrypted.push(bytes);
    };
    const opened = await openObjectPieces(bk, ref, readAhead(), stored.length, { buffer: reuse, whenFree, onDecrypted });
    expect(opened.buffer).toBe(reuse.buffer);
    expect(opened.equals(plaintext)).toBe(true);
    expect(asked.length).toBe(decrypted.length);
    expect(decrypted.at(-1)).toBe(plaintext.length);
    // Cut short or damaged in pieces: the same codes as a whole-object read.
    async function* pieces(bytes: Buffer): AsyncGenerator<Buffer> {
      for (let at = 0; at < bytes.length; at += pieceBytes) yield await Promise.resolve(Buffer.from(bytes.subarray(at, at + pieceBytes)));
    }
    await expectAppErrorAsync(
      () => openObjectPieces(bk, ref, pieces(stored.subarray(0, PREFIX + FRAME)), stored.length),
      'BACKUP_OBJECT_TRUNCATED',
    );
    await expectAppErrorAsync(
      () => openObjectPieces(bk, ref, pieces(flipBit(stored, PREFIX + 2 * FRAME + 9, 1)), stored.length),
      'BACKUP_OBJECT_CORRUPT',
      {
        reason: 'authentication',
        message: 2,
      },
    );
  });

  it('decrypts byte by byte', async () => {
    const plaintext = randomBytes(300);
    const decrypted = await runTransform(createObjectDecryptor(bk, ref), sealObject(bk, ref, plaintext), 1);
    expect(Buffer.concat(decrypted).equals(plaintext)).toBe(true);
  });

  it('encrypts the same plaintext differently each time (random stream header)', () => {
    const plaintext = randomBytes(100);
    expect(sealObject(bk, ref, plaintext).equals(sealObject(bk, ref, plaintext))).toBe(false);
  });
});

describe('whole-object reads', () => {
  it('know the plaintext length of every canonical stored size, and no other', () => {
    for (const size of [0, 1, 65_535, 65_536, 65_537, 3 * 65_536, 1_000_003]) {
      const stored = sealObject(bk, ref, randomBytes(size));
      expect(plaintextLengthOf(stored.length)).toBe(size);
      expect(openObject(bk, ref, stored).length).toBe(size);
    }
    expect(plaintextLengthOf(PREFIX + FRAME_PREFIX_BYTES + 16)).toBeNull(); // a frame shorter than its tag
    expect(plaintextLengthOf(PREFIX + FRAME + FRAME_PREFIX_BYTES + FULL_FRAME_BYTES)).toBeNull(); // a full final frame
    expect(plaintextLengthOf(10)).toBeNull();
  });

  it('return exactly the plaintext when the stored size is not canonical', () => {
    const plaintext = randomBytes(70_000);
    const stored = sealObject(bk, ref, plaintext);
    expect(openObject(bk, ref, stored).equals(plaintext)).toBe(true);
    // One byte more than canonical: the decoder finds trailing data, and nothing is returned.
    expectAppError(() => openObject(bk, ref, Buffer.concat([stored, Buffer.alloc(1)])), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'trailing-data',
    });
  });
});

describe('the clear header is checked before anything is decrypted', () => {
  const stored = sealObject(bk, ref, randomBytes(2 * MESSAGE_BYTES + 10));
  const cases: ReadonlyArray<[string, number, Parameters<typeof expectAppError>[1], Record<string, string>]> = [
    ['magic', 0, 'BACKUP_OBJECT_CORRUPT', { reason: 'magic' }],
    ['version', 4, 'BACKUP_FORMAT_UNSUPPORTED', { field: 'version' }],
    ['suite', 5, 'BACKUP_FORMAT_UNSUPPORTED', { field: 'suite' }],
    ['kind', 6, 'BACKUP_OBJECT_MISMATCH', { field: 'kind' }],
    ['message size', 7, 'BACKUP_FORMAT_UNSUPPORTED', { field: 'messageSize' }],
    ['repository id', 8, 'BACKUP_OBJECT_MISMATCH', { field: 'repositoryId' }],
    ['object id', 39, 'BACKUP_OBJECT_MISMATCH', { field: 'objectId' }],
    ['secretstream header', 40, 'BACKUP_OBJECT_CORRUPT', { reason: 'authentication' }],
  ];
  for (const [field, offset, code, details] of cases) {
    it(`a flipped bit in the ${field} gives ${code} and no plaintext`, async () => {
      const damaged = flipBit(stored, offset, 3);
      expectAppError(() => openObject(bk, ref, damaged), code, details);
      const emitted: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          emitted.push(chunk);
          callback();
        },
      });
      await expectAppErrorAsync(() => pipeline(Readable.from([damaged]), createObjectDecryptor(bk, ref), sink), code, details);
      expect(emitted).toEqual([]);
    });
  }

  it('every byte of the 64-byte prefix is protected', () => {
    for (let offset = 0; offset < PREFIX; offset++) {
      expect(() => openObject(bk, ref, flipBit(stored, offset, offset % 8))).toThrow();
    }
  });

  it('reports an unknown version with what it found', () => {
    const future = Buffer.from(stored);
    future[4] = 2;
    expectAppError(() => openObject(bk, ref, future), 'BACKUP_FORMAT_UNSUPPORTED', { field: 'version', found: 2, supported: 1 });
  });
});

describe('swaps and replays', () => {
  const plaintext = randomBytes(1000);
  const stored = sealObject(bk, ref, plaintext);

  it('an object stored under another id is a mismatch', () => {
    expectAppError(() => openObject(bk, { ...ref, objectId: newId() }, stored), 'BACKUP_OBJECT_MISMATCH', { field: 'objectId' });
  });

  it('an object of another kind is a mismatch', () => {
    expectAppError(() => openObject(bk, { ...ref, kind: 'snapshot' }, stored), 'BACKUP_OBJECT_MISMATCH', {
      field: 'kind',
      expected: 3,
      found: 1,
    });
  });

  it('an object from another repository is a mismatch', () => {
    expectAppError(() => openObject(bk, { ...ref, repositoryId: newId() }, stored), 'BACKUP_OBJECT_MISMATCH', { field: 'repositoryId' });
  });

  it('rewriting the header to claim the requested id fails authentication', () => {
    const otherId = newId();
    const forged = Buffer.from(stored);
    forged.set(otherId, 24);
    expectAppError(() => openObject(bk, { ...ref, objectId: otherId }, forged), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'authentication',
      message: 0,
    });
  });

  it('rewriting the kind byte to the requested kind fails authentication', () => {
    const forged = Buffer.from(stored);
    forged[6] = 3;
    expectAppError(() => openObject(bk, { ...ref, kind: 'snapshot' }, forged), 'BACKUP_OBJECT_CORRUPT', { reason: 'authentication' });
  });

  it('another backup key cannot open it', () => {
    expectAppError(() => openObject(randomBytes(32), ref, stored), 'BACKUP_OBJECT_CORRUPT', { reason: 'authentication' });
  });
});

describe('damaged messages', () => {
  const size = 3 * MESSAGE_BYTES + 500;
  const stored = sealObject(bk, ref, randomBytes(size));
  const starts = frameStarts(size);

  it('a flipped bit in any message is corrupt, and names the message', () => {
    starts.forEach((start, index) => {
      for (const at of [FRAME_PREFIX_BYTES, FRAME_PREFIX_BYTES + 100, FRAME_PREFIX_BYTES + 500 + 16]) {
        expectAppError(() => openObject(bk, ref, flipBit(stored, start + at, 5)), 'BACKUP_OBJECT_CORRUPT', {
          reason: 'authentication',
          message: index,
        });
      }
    });
  });

  it('a frame length outside 17..65553 is corrupt', () => {
    for (const length of [0, 16, FULL_FRAME_BYTES + 1, 0xffffffff]) {
      const damaged = Buffer.from(stored);
      damaged.writeUInt32LE(length, starts[1] ?? 0);
      expectAppError(() => openObject(bk, ref, damaged), 'BACKUP_OBJECT_CORRUPT', { reason: 'frame-length', message: 1 });
    }
  });

  it('a shortened frame length is corrupt', () => {
    const damaged = Buffer.from(stored);
    damaged.writeUInt32LE(FULL_FRAME_BYTES - 1, starts[0] ?? 0);
    expectAppError(() => openObject(bk, ref, damaged), 'BACKUP_OBJECT_CORRUPT', { reason: 'authentication', message: 0 });
  });

  it('reordered messages are corrupt', () => {
    const [a = 0, b = 0] = starts;
    const reordered = Buffer.concat([
      stored.subarray(0, a),
      stored.subarray(b, b + FRAME),
      stored.subarray(a, b),
      stored.subarray(b + FRAME),
    ]);
    expectAppError(() => openObject(bk, ref, reordered), 'BACKUP_OBJECT_CORRUPT', { reason: 'authentication', message: 0 });
  });

  it('a dropped middle message is corrupt', () => {
    const [, b = 0, c = 0] = starts;
    expectAppError(() => openObject(bk, ref, Buffer.concat([stored.subarray(0, b), stored.subarray(c)])), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'authentication',
      message: 1,
    });
  });

  it('garbage after the final message is corrupt, in one piece or arriving later', async () => {
    for (const garbage of [Buffer.alloc(1), randomBytes(100), randomBytes(FRAME)]) {
      const appended = Buffer.concat([stored, garbage]);
      expectAppError(() => openObject(bk, ref, appended), 'BACKUP_OBJECT_CORRUPT', { reason: 'trailing-data' });
      await expectAppErrorAsync(() => runTransform(createObjectDecryptor(bk, ref), appended, stored.length), 'BACKUP_OBJECT_CORRUPT', {
        reason: 'trailing-data',
      });
    }
  });
});

/** An object written by a foreign writer that follows libsodium but not the framing rules of §6.2. */
function handcrafted(messages: ReadonlyArray<readonly [Buffer, number]>): Buffer {
  const header = encodeObjectHeader(ref);
  const state = Buffer.alloc(STREAM_STATE_BYTES);
  const streamHeader = Buffer.alloc(24);
  sodium.crypto_secretstream_xchacha20poly1305_init_push(state, streamHeader, deriveObjectKey(bk, ref.objectId));
  const frames = messages.map(([message, tag]) => {
    const frame = Buffer.alloc(4 + message.length + 17);
    frame.writeUInt32LE(message.length + 17, 0);
    sodium.crypto_secretstream_xchacha20poly1305_push(state, frame.subarray(4), message, header, tag);
    return frame;
  });
  return Buffer.concat([header, streamHeader, ...frames]);
}

describe('authentic but non-canonical framing', () => {
  it('the handcrafted writer matches ours when it follows the rules', () => {
    const canonical = handcrafted([
      [Buffer.alloc(MESSAGE_BYTES, 1), TAG_MESSAGE],
      [Buffer.alloc(10, 2), TAG_FINAL],
    ]);
    expect(openObject(bk, ref, canonical).length).toBe(MESSAGE_BYTES + 10);
  });

  it('refuses a short message that is not final', () => {
    const object = handcrafted([
      [Buffer.alloc(100), TAG_MESSAGE],
      [Buffer.alloc(10), TAG_FINAL],
    ]);
    expectAppError(() => openObject(bk, ref, object), 'BACKUP_OBJECT_CORRUPT', { reason: 'short-message', message: 0 });
  });

  it('refuses a full final message (the final one carries 0..65535 bytes)', () => {
    expectAppError(() => openObject(bk, ref, handcrafted([[Buffer.alloc(MESSAGE_BYTES), TAG_FINAL]])), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'full-final-message',
    });
  });

  it('refuses tags other than MESSAGE and FINAL', () => {
    const push = sodium.crypto_secretstream_xchacha20poly1305_TAG_PUSH;
    expectAppError(() => openObject(bk, ref, handcrafted([[Buffer.alloc(10), push]])), 'BACKUP_OBJECT_CORRUPT', { reason: 'tag' });
  });
});

describe('truncation', () => {
  const size = 3 * MESSAGE_BYTES + 500;
  const stored = sealObject(bk, ref, randomBytes(size));
  const starts = frameStarts(size);

  it('ending at any message boundary before the final message is truncated', () => {
    starts.forEach((start, messages) => {
      expectAppError(() => openObject(bk, ref, stored.subarray(0, start)), 'BACKUP_OBJECT_TRUNCATED', { reason: 'no-final', messages });
    });
  });

  it('ending inside the header is truncated', () => {
    for (const cut of [0, 1, 10, OBJECT_HEADER_BYTES - 1, OBJECT_HEADER_BYTES, PREFIX - 1]) {
      expectAppError(() => openObject(bk, ref, stored.subarray(0, cut)), 'BACKUP_OBJECT_TRUNCATED', { reason: 'header' });
    }
  });

  it('ending in the middle of any message (length prefix or body) is truncated', () => {
    const ends = [...starts.slice(1), stored.length];
    starts.forEach((start, index) => {
      const end = ends[index] ?? stored.length;
      for (const cut of [start + 1, start + 3, start + FRAME_PREFIX_BYTES, start + 5, start + 300, end - 1].filter((at) => at < end)) {
        expectAppError(() => openObject(bk, ref, stored.subarray(0, cut)), 'BACKUP_OBJECT_TRUNCATED', {
          reason: 'mid-message',
          messages: index,
        });
      }
    });
  });

  it('every cut of a small object is reported as truncated, never accepted', () => {
    const small = sealObject(bk, ref, randomBytes(200));
    for (let cut = 0; cut < small.length; cut++) {
      expectAppError(() => openObject(bk, ref, small.subarray(0, cut)), 'BACKUP_OBJECT_TRUNCATED');
    }
  });

  it('the stream API reports truncation when its input ends early', async () => {
    await expectAppErrorAsync(
      () => runTransform(createObjectDecryptor(bk, ref), stored.subarray(0, starts[2]), 1000),
      'BACKUP_OBJECT_TRUNCATED',
      {
        reason: 'no-final',
      },
    );
  });
});
