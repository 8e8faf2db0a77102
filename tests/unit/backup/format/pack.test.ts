// Packs (docs/backup-format.md §10): Padmé padding, the builder's compression choice, and a reader
// whose every check has a test that makes it fail.
import { zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ENTRY_HEADER_BYTES, MAX_CHUNK_BYTES, PACK_TARGET_BYTES } from '../../../../src-main/backup/format/layout.ts';
import type { IndexEntry } from '../../../../src-main/backup/format/layout.ts';
import { PackBuilder } from '../../../../src-main/backup/format/pack-builder.ts';
import type { PackChunk } from '../../../../src-main/backup/format/pack-builder.ts';
import { extractChunk, readPackEntries } from '../../../../src-main/backup/format/pack-reader.ts';
import { paddedPackSize, padme } from '../../../../src-main/backup/format/padme.ts';
import { chunkId } from '../../../../src-main/crypto/kdf.ts';
import { expectAppError, MiB, pseudoRandom, vectorChunkIdKey } from './format-test-helpers.ts';

const key = vectorChunkIdKey;

function chunk(raw: Buffer, type: PackChunk['type'] = 'database', compress = true): PackChunk {
  return { chunkId: chunkId(key, raw), type, raw, compress };
}

/** SQLite-like: repetitive page structure with some varying content. Compresses well. */
const compressible = Buffer.from('CREATE TABLE messages(id INTEGER PRIMARY KEY, body TEXT);'.repeat(20_000));
const incompressible = pseudoRandom(MiB, 11);

function build(...chunks: PackChunk[]): { plaintext: Buffer; entries: IndexEntry[] } {
  const builder = new PackBuilder();
  for (const item of chunks) builder.add(item);
  return builder.finish();
}

/** A copy of `plaintext` with the u8/u16/u32 at `offset` set to `value`. */
function patched(plaintext: Buffer, offset: number, value: number, width: 1 | 2 | 4): Buffer {
  const copy = Buffer.from(plaintext);
  copy.writeUIntLE(value, offset, width);
  return copy;
}

describe('padme', () => {
  it('gives the examples of the spec', () => {
    expect(padme(1000)).toBe(1024);
    expect(padme(16_777_217)).toBe(17_301_504);
    expect([0, 1, 2, 3, 4, 5, 8, 9].map(padme)).toEqual([0, 1, 2, 3, 4, 5, 8, 10]);
  });

  it('never shrinks, costs under 12%, and is stable on its own output', () => {
    for (let length = 2; length < 40 * MiB; length = Math.ceil(length * 1.37) + 1) {
      const padded = padme(length);
      expect(padded).toBeGreaterThanOrEqual(length);
      expect(padded - length).toBeLessThan(0.12 * length + 1);
      expect(padme(padded)).toBe(padded);
    }
  });

  it('refuses lengths that are not u32', () => {
    expect(() => padme(-1)).toThrow(RangeError);
    expect(() => padme(2 ** 32)).toThrow(RangeError);
    expect(() => padme(1.5)).toThrow(RangeError);
  });

  it('adds room for the padding entry header when padme leaves less than 44 bytes', () => {
    expect(paddedPackSize(1024)).toBe(1024); // already a padme size: no padding entry
    expect(paddedPackSize(1025)).toBe(1088); // 63 bytes of room: one entry with 19 zero bytes
    expect(paddedPackSize(1000)).toBe(1088); // padme(1000) = 1024 leaves 24 bytes: padme(1044)
    for (let length = 2; length < 3 * MiB; length = Math.ceil(length * 1.11) + 1) {
      const target = paddedPackSize(length);
      expect(target === length || target - length >= ENTRY_HEADER_BYTES).toBe(true);
    }
  });
});

describe('PackBuilder and readPackEntries', () => {
  it('round-trips chunks, compressing only what zstd makes smaller', () => {
    const empty = Buffer.alloc(0);
    const { plaintext, entries } = build(chunk(compressible), chunk(incompressible), chunk(incompressible, 'media', false), chunk(empty));
    expect(entries.map((entry) => [entry.type, entry.compression])).toEqual([
      ['database', 'zstd'],
      ['database', 'none'],
      ['media', 'none'],
      ['database', 'none'],
    ]);
    expect(entries[0]?.storedLength).toBeLessThan(compressible.length / 10);
    expect(readPackEntries(plaintext)).toEqual(entries);
    expect(extractChunk(plaintext, entries[0]!, key).equals(compressible)).toBe(true);
    expect(extractChunk(plaintext, entries[1]!, key).equals(incompressible)).toBe(true);
    expect(extractChunk(plaintext, entries[2]!, key).equals(incompressible)).toBe(true);
    expect(extractChunk(plaintext, entries[3]!, key).length).toBe(0);
  });

  it('hands out its pieces for streaming, referencing uncompressed chunks without copying them', () => {
    const builder = new PackBuilder();
    builder.add(chunk(compressible));
    builder.add(chunk(incompressible, 'media', false));
    const pack = builder.finish();
    expect(pack.segments.some((segment) => segment === incompressible || segment.buffer === incompressible.buffer)).toBe(true);
    expect(pack.size).toBe(pack.plaintext.length);
    expect(Buffer.concat(pack.segments).equals(pack.plaintext)).toBe(true);
  });

  it('pads to the Padmé size with one zero-filled padding entry that readers skip', () => {
    const builder = new PackBuilder();
    builder.add(chunk(Buffer.from('companion')));
    const unpadded = builder.plaintextSize;
    const { plaintext } = builder.finish();
    expect(plaintext.length).toBe(paddedPackSize(unpadded));
    const padding = plaintext.subarray(unpadded);
    expect(padding.readUInt32LE(36)).toBe(plaintext.length - unpadded - ENTRY_HEADER_BYTES);
    expect(padding.readUInt32LE(40)).toBe(plaintext.length - unpadded - ENTRY_HEADER_BYTES);
    expect(padding.every((byte, i) => byte === 0 || i === 36 || i === 40)).toBe(true);
    expect(readPackEntries(plaintext)).toHaveLength(1);
  });

  it('is full at 16 MiB, refuses more, and pads a full pack', () => {
    const builder = new PackBuilder();
    while (!builder.isFull) builder.add(chunk(pseudoRandom(MAX_CHUNK_BYTES, builder.entryCount), 'media', false));
    expect(builder.plaintextSize).toBeGreaterThanOrEqual(PACK_TARGET_BYTES);
    expect(() => builder.add(chunk(Buffer.from('more')))).toThrow(Error);
    const { plaintext, entries } = builder.finish();
    expect(plaintext.length).toBe(paddedPackSize(builder.plaintextSize));
    expect(readPackEntries(plaintext)).toEqual(entries);
    expect(() => builder.finish()).toThrow(Error);
  });

  it('refuses chunks above 4 MiB and chunk ids of the wrong size', () => {
    const builder = new PackBuilder();
    expect(() => builder.add(chunk(Buffer.alloc(MAX_CHUNK_BYTES + 1)))).toThrow(RangeError);
    expect(() => builder.add({ ...chunk(Buffer.from('x')), chunkId: Buffer.alloc(31) })).toThrow(TypeError);
  });

  it('reads an empty pack as no entries', () => {
    expect(readPackEntries(new PackBuilder().finish().plaintext)).toEqual([]);
  });
});

describe('readPackEntries refuses damaged packs', () => {
  const { plaintext } = build(chunk(compressible), chunk(Buffer.from('companion')));
  const second = ENTRY_HEADER_BYTES + readPackEntries(plaintext)[0]!.storedLength;

  it.each([
    ['type', 32, 3, 1],
    ['compression', 33, 2, 1],
    ['reserved', 34, 1, 2],
    ['raw-length', 36, MAX_CHUNK_BYTES + 1, 4],
  ] as const)('%s', (field, at, value, width) => {
    expectAppError(() => readPackEntries(patched(plaintext, at, value, width)), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'pack',
      field,
      offset: 0,
    });
  });

  it('stored length past the end of the plaintext', () => {
    const damaged = patched(plaintext, second + 36, 0x10_0000, 4);
    damaged.writeUInt32LE(0x10_0000, second + 40);
    expectAppError(() => readPackEntries(damaged), 'BACKUP_OBJECT_CORRUPT', { reason: 'pack', field: 'stored-length', offset: second });
  });

  it('stored length that differs from the raw length of an uncompressed entry', () => {
    const damaged = patched(plaintext, second + 36, 10, 4);
    expectAppError(() => readPackEntries(damaged), 'BACKUP_OBJECT_CORRUPT', { reason: 'pack', field: 'stored-length' });
  });

  it('stored length above the raw length of a compressed entry', () => {
    const damaged = patched(plaintext, 36, 3, 4);
    expectAppError(() => readPackEntries(damaged), 'BACKUP_OBJECT_CORRUPT', { reason: 'pack', field: 'stored-length', offset: 0 });
  });

  it('a partial entry header at the end', () => {
    const damaged = Buffer.concat([plaintext, Buffer.alloc(ENTRY_HEADER_BYTES - 1)]);
    expectAppError(() => readPackEntries(damaged), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'pack',
      field: 'entry-header',
      offset: plaintext.length,
    });
  });
});

describe('extractChunk refuses', () => {
  const { plaintext, entries } = build(chunk(compressible), chunk(Buffer.from('companion')));
  const [zstdEntry, rawEntry] = entries as [IndexEntry, IndexEntry];

  it('an index entry that does not match the entry in the pack', () => {
    for (const wrong of [
      { ...rawEntry, offset: rawEntry.offset + 1 },
      { ...rawEntry, chunkId: zstdEntry.chunkId },
      { ...rawEntry, type: 'media' as const },
      { ...rawEntry, rawLength: rawEntry.rawLength + 1 },
      { ...zstdEntry, compression: 'none' as const },
      { ...zstdEntry, storedLength: zstdEntry.storedLength - 1 },
    ]) {
      expectAppError(() => extractChunk(plaintext, wrong, key), 'BACKUP_OBJECT_CORRUPT', { reason: 'pack' });
    }
  });

  it('an offset that points at the padding entry', () => {
    const {
      plaintext: pack,
      entries: [entry],
    } = build(chunk(Buffer.from('companion')));
    const paddingAt = ENTRY_HEADER_BYTES + 9;
    expect(pack.length).toBeGreaterThan(paddingAt); // 53 bytes, padded to 104
    const padding = { ...entry!, offset: paddingAt };
    expectAppError(() => extractChunk(pack, padding, key), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'pack',
      field: 'index-entry',
      offset: paddingAt,
    });
  });

  it('a stored chunk that is not a zstd frame', () => {
    const damaged = Buffer.from(plaintext);
    damaged.fill(0x41, ENTRY_HEADER_BYTES, ENTRY_HEADER_BYTES + 8);
    expectAppError(() => extractChunk(damaged, zstdEntry, key), 'BACKUP_OBJECT_CORRUPT', { reason: 'pack', field: 'zstd' });
  });

  it('a zstd frame that inflates to another length than the raw length', () => {
    const builder = new PackBuilder();
    const entry = builder.add(chunk(compressible));
    const { plaintext: pack } = builder.finish();
    const shorter = zstdCompressSync(compressible.subarray(1));
    expect(shorter.length).toBeLessThanOrEqual(entry.storedLength);
    // Swap in a frame of the same stored length that decodes to one byte less.
    const frame = Buffer.concat([shorter, Buffer.alloc(entry.storedLength - shorter.length)]);
    frame.copy(pack, ENTRY_HEADER_BYTES);
    expectAppError(() => extractChunk(pack, entry, key), 'BACKUP_OBJECT_CORRUPT', { reason: 'pack', field: 'raw-length' });
  });

  it('a zstd frame that inflates beyond the raw length', () => {
    const entry = { ...zstdEntry, rawLength: 1000, storedLength: zstdEntry.storedLength };
    const damaged = patched(plaintext, 36, 1000, 4);
    expectAppError(() => extractChunk(damaged, entry, key), 'BACKUP_OBJECT_CORRUPT', { reason: 'pack', field: 'zstd' });
  });

  it('a chunk whose bytes do not have its chunk id', () => {
    const damaged = Buffer.from(plaintext);
    const at = rawEntry.offset + ENTRY_HEADER_BYTES;
    damaged.writeUInt8(damaged.readUInt8(at) ^ 1, at);
    expectAppError(() => extractChunk(damaged, rawEntry, key), 'BACKUP_OBJECT_CORRUPT', { reason: 'chunk-id', offset: rawEntry.offset });
  });
});
