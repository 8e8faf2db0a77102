// The index codec (docs/backup-format.md §11): round trip, and every bounds check made to fail.
import { describe, expect, it } from 'vitest';
import { decodeIndex, encodeIndex } from '../../../../src-main/backup/format/index-codec.ts';
import type { PackIndex } from '../../../../src-main/backup/format/index-codec.ts';
import { MAX_CHUNK_BYTES } from '../../../../src-main/backup/format/layout.ts';
import type { IndexEntry } from '../../../../src-main/backup/format/layout.ts';
import { expectAppError, sequence } from './format-test-helpers.ts';

function entry(n: number, overrides: Partial<IndexEntry> = {}): IndexEntry {
  return {
    chunkId: sequence(n, 32),
    type: 'database',
    compression: 'zstd',
    offset: n * 1000,
    rawLength: 5000,
    storedLength: 900,
    ...overrides,
  };
}

const index: PackIndex = {
  supersedes: [sequence(0x10, 16), sequence(0x20, 16)],
  packs: [
    {
      packId: sequence(0xe0, 16),
      storedSize: 17_305_000,
      entries: [entry(1), entry(2, { type: 'media', compression: 'none', storedLength: 5000 })],
    },
    { packId: sequence(0xf0, 16), storedSize: 2 ** 40, entries: [] },
    {
      packId: sequence(0x30, 16),
      storedSize: 85,
      entries: [entry(3, { rawLength: MAX_CHUNK_BYTES, storedLength: MAX_CHUNK_BYTES, compression: 'none' })],
    },
  ],
};
const encoded = encodeIndex(index);
// Offsets in `encoded`: supersedes count, 2 ids, pack count, then the first pack (id, size, count, entries).
const firstEntry = 4 + 32 + 4 + 16 + 8 + 4;

function patched(at: number, value: number, width: 1 | 2 | 4): Buffer {
  const copy = Buffer.from(encoded);
  copy.writeUIntLE(value, at, width);
  return copy;
}

describe('index codec', () => {
  it('round-trips supersedes, packs and entries', () => {
    expect(encoded.length).toBe(4 + 32 + 4 + 3 * 28 + 3 * 48);
    expect(decodeIndex(encoded)).toEqual(index);
  });

  it('decodes an empty index', () => {
    expect(decodeIndex(encodeIndex({ supersedes: [], packs: [] }))).toEqual({ supersedes: [], packs: [] });
  });

  it('refuses ids of the wrong size and negative sizes when encoding', () => {
    expect(() => encodeIndex({ supersedes: [Buffer.alloc(15)], packs: [] })).toThrow(TypeError);
    expect(() => encodeIndex({ supersedes: [], packs: [{ packId: Buffer.alloc(16), storedSize: -1, entries: [] }] })).toThrow(RangeError);
  });

  it('reports every truncation as index corruption', () => {
    for (let length = 0; length < encoded.length; length++) {
      const error = expectAppError(() => decodeIndex(encoded.subarray(0, length)), 'BACKUP_OBJECT_CORRUPT', { reason: 'index' });
      expect(['truncated', 'count']).toContain(error.details?.['problem']);
    }
  });

  it.each([
    ['superseded ids', 0],
    ['packs', 36],
    ['entries', 4 + 32 + 4 + 16 + 8],
  ])('refuses a count of %s larger than the bytes that follow, before allocating anything', (_name, at) => {
    expectAppError(() => decodeIndex(patched(at, 0xffff_ffff, 4)), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'index',
      problem: 'count',
      offset: at,
    });
  });

  it('refuses trailing bytes', () => {
    expectAppError(() => decodeIndex(Buffer.concat([encoded, Buffer.alloc(1)])), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'index',
      problem: 'trailing-data',
      offset: encoded.length,
    });
  });

  it('refuses a stored size above 2^53 − 1', () => {
    const damaged = Buffer.from(encoded);
    damaged.writeBigUInt64LE(2n ** 53n, 4 + 32 + 4 + 16);
    expectAppError(() => decodeIndex(damaged), 'BACKUP_OBJECT_CORRUPT', { reason: 'index', problem: 'stored-size' });
  });

  it.each([
    ['type', 32, 0, 1], // padding is never indexed
    ['type', 32, 3, 1],
    ['compression', 33, 2, 1],
    ['reserved', 34, 1, 2],
    ['raw-length', 40, MAX_CHUNK_BYTES + 1, 4],
    ['stored-length', 44, 5001, 4],
  ] as const)('refuses an entry with a bad %s', (problem, at, value, width) => {
    expectAppError(() => decodeIndex(patched(firstEntry + at, value, width)), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'index',
      problem,
      offset: firstEntry,
    });
  });

  it('refuses an uncompressed entry whose stored length differs from its raw length', () => {
    expectAppError(() => decodeIndex(patched(firstEntry + 48 + 44, 4999, 4)), 'BACKUP_OBJECT_CORRUPT', {
      reason: 'index',
      problem: 'stored-length',
    });
  });
});
