// The in-memory map from chunk id to pack location, built from the live indexes (§11, §15).
import { describe, expect, it } from 'vitest';
import { activeIndexes, ChunkLocator } from '../../../../src-main/backup/format/chunk-locator.ts';
import type { LoadedIndex } from '../../../../src-main/backup/format/chunk-locator.ts';
import type { IndexedPack } from '../../../../src-main/backup/format/index-codec.ts';
import type { IndexEntry } from '../../../../src-main/backup/format/layout.ts';
import { chunkId } from '../../../../src-main/crypto/kdf.ts';
import { sequence, vectorChunkIdKey } from './format-test-helpers.ts';

function id(n: number): Buffer {
  return chunkId(vectorChunkIdKey, Buffer.from(`chunk ${n}`));
}

function entry(n: number, offset = n * 100): IndexEntry {
  return {
    chunkId: id(n),
    type: n % 2 === 0 ? 'database' : 'media',
    compression: n % 3 === 0 ? 'zstd' : 'none',
    offset,
    rawLength: n,
    storedLength: n,
  };
}

function pack(packByte: number, chunks: number[]): IndexedPack {
  return { packId: sequence(packByte, 16), storedSize: 1000 + packByte, entries: chunks.map((n) => entry(n)) };
}

function loaded(indexByte: number, packs: IndexedPack[], supersedes: number[] = []): LoadedIndex {
  return { indexId: sequence(indexByte, 16), index: { supersedes: supersedes.map((byte) => sequence(byte, 16)), packs } };
}

describe('ChunkLocator', () => {
  it('finds a chunk by id bytes or hex, with its pack and entry', () => {
    const locator = ChunkLocator.fromIndexes([loaded(1, [pack(0xa0, [1, 2, 3]), pack(0xb0, [4])])]);
    expect(locator.size).toBe(4);
    expect(locator.get(id(3))).toEqual({ packId: sequence(0xa0, 16).toString('hex'), packStoredSize: 1000 + 0xa0, entry: entry(3) });
    expect(locator.get(id(4).toString('hex'))?.packId).toBe(sequence(0xb0, 16).toString('hex'));
    expect(locator.has(id(2))).toBe(true);
    expect(locator.has(id(5))).toBe(false);
    expect(locator.get(id(5))).toBeUndefined();
  });

  it('ignores the indexes another loaded index supersedes, but not an index that names itself', () => {
    const old = loaded(1, [pack(0xa0, [1, 2])]);
    const replacement = loaded(2, [pack(0xb0, [2, 3])], [1]);
    const selfNamed = loaded(3, [pack(0xc0, [4])], [3]);
    expect(activeIndexes([old, replacement, selfNamed])).toEqual([replacement, selfNamed]);
    const locator = ChunkLocator.fromIndexes([old, replacement, selfNamed]);
    expect(locator.has(id(1))).toBe(false);
    expect(locator.get(id(2))?.packId).toBe(sequence(0xb0, 16).toString('hex'));
    expect(locator.has(id(4))).toBe(true);
  });

  it('keeps the first location of a chunk listed twice', () => {
    const locator = new ChunkLocator();
    locator.addPack(pack(0xa0, [7]));
    locator.addPack({ ...pack(0xb0, []), entries: [entry(7, 999)] });
    expect(locator.size).toBe(1);
    expect(locator.get(id(7))?.entry.offset).toBe(700);
  });

  it('holds many chunks across table growth', () => {
    const locator = new ChunkLocator();
    const numbers = Array.from({ length: 20_000 }, (_, n) => n);
    for (let start = 0; start < numbers.length; start += 500) locator.addPack(pack(start % 256, numbers.slice(start, start + 500)));
    expect(locator.size).toBe(20_000);
    for (const n of [0, 1, 4999, 12_345, 19_999]) expect(locator.get(id(n))?.entry).toEqual(entry(n));
    expect(locator.has(id(20_000))).toBe(false);
  });

  it('orders items as their chunks were written: packs in index order, then offsets, unknown ones first', () => {
    // Pack ids sort the other way round from the order the backup wrote (and indexed) the packs.
    const locator = ChunkLocator.fromIndexes([loaded(1, [pack(0xf0, [1, 2]), pack(0x10, [3, 4]), pack(0x80, [5])])]);
    const files = [
      { name: 'e', first: 5 },
      { name: 'c', first: 3 },
      { name: 'b', first: 2 },
      { name: 'missing', first: 99 },
      { name: 'd', first: 4 },
      { name: 'a', first: 1 },
    ];
    const ordered = locator.inRepositoryOrder(files, (file) => id(file.first).toString('hex'));
    expect(ordered.map((file) => file.name)).toEqual(['missing', 'a', 'b', 'c', 'd', 'e']);
  });

  it('refuses malformed ids instead of answering wrongly', () => {
    const locator = new ChunkLocator();
    expect(() => locator.has('ABC')).toThrow(TypeError);
    expect(() => locator.has(Buffer.alloc(16))).toThrow(TypeError);
  });
});
