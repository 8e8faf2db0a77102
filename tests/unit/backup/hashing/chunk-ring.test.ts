// ChunkRing: the room a backup's media read-ahead uses. What matters is that no room is handed out
// twice while a chunk still holds it, whatever the sizes.
import { describe, expect, it } from 'vitest';
import { ChunkRing, type RingChunk } from '../../../../src-main/backup/hashing/chunk-ring.ts';

function offsetOf(chunk: RingChunk | null): number {
  if (chunk === null) throw new Error('no room');
  return chunk.bytes.byteOffset;
}

describe('ChunkRing', () => {
  it('puts each chunk right after the one before, in one shared buffer', () => {
    const ring = new ChunkRing(100);
    const chunks = [ring.take(30), ring.take(50), ring.take(20)];
    expect(chunks.map(offsetOf)).toEqual([0, 30, 80]);
    expect(chunks.every((chunk) => chunk?.bytes.buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(ring.take(1)).toBeNull();
  });

  it('goes back to the start once the oldest chunks are given back, and not before', () => {
    const ring = new ChunkRing(100);
    const first = ring.take(40);
    const second = ring.take(40);
    expect(ring.take(30)).toBeNull(); // 20 left at the end, the start still in use
    first?.release();
    expect(offsetOf(ring.take(30))).toBe(0);
    expect(offsetOf(ring.take(10))).toBe(30);
    expect(ring.take(1)).toBeNull(); // wrapped and full: 0-40 in use up to the second chunk at 40
    second?.release();
    expect(ring.take(61)).toBeNull(); // the newest run 0-40: 60 left after it
    expect(offsetOf(ring.take(60))).toBe(40);
  });

  it('starts over at 0 when everything is given back', () => {
    const ring = new ChunkRing(100);
    const chunk = ring.take(70);
    chunk?.release();
    expect(offsetOf(ring.take(100))).toBe(0);
  });

  it('never hands out bytes a chunk still holds, under any mix of sizes', () => {
    const ring = new ChunkRing(1000);
    const held: { chunk: RingChunk; mark: number }[] = [];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 5000; round++) {
      const chunk = ring.take(1 + Math.floor(random() * 400));
      if (chunk === null) {
        const oldest = held.shift();
        if (oldest === undefined) throw new Error('an empty ring refused a chunk that fits');
        expect(oldest.chunk.bytes.every((byte) => byte === oldest.mark)).toBe(true);
        oldest.chunk.release();
        continue;
      }
      const mark = round % 251;
      chunk.bytes.fill(mark);
      held.push({ chunk, mark });
    }
    for (const { chunk, mark } of held) expect(chunk.bytes.every((byte) => byte === mark)).toBe(true);
  });

  it('refuses room given back out of order, and ignores a second give-back', () => {
    const ring = new ChunkRing(100);
    const first = ring.take(10);
    const second = ring.take(10);
    expect(() => second?.release()).toThrow(/order/);
    first?.release();
    first?.release();
    second?.release();
    expect(offsetOf(ring.take(100))).toBe(0);
  });

  it('refuses a chunk larger than the ring, or empty', () => {
    const ring = new ChunkRing(100);
    expect(() => ring.take(101)).toThrow(RangeError);
    expect(() => ring.take(0)).toThrow(RangeError);
  });
});
