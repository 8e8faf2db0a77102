// FastCDC (docs/backup-format.md §9): the optimised cut() against a literal transcription of the
// spec's pseudo-code, the size bounds, streaming independence of how input is split, and the property
// that makes deduplication work: an edit only changes the chunks around it.
import { describe, expect, it } from 'vitest';
import { CDC_AVG, CDC_MAX, CDC_MIN, createDatabaseChunker, cut, gearForCut } from '../../../../src-main/backup/format/fastcdc.ts';
import { chunkId, deriveCdcGearTable } from '../../../../src-main/crypto/kdf.ts';
import { chunkAll, MiB, prng, pseudoRandom, sequence, split, vectorChunkIdKey, vectorGear } from './format-test-helpers.ts';

/** The spec's cut(), line for line, in uint32 arithmetic: the reference the fast version must match. */
function specCut(data: Uint8Array, start: number, end: number, gear: Uint32Array): number {
  let n = end - start;
  if (n <= 524288) return n;
  if (n > 4194304) n = 4194304;
  const normal = Math.min(1048576, n);
  let h = 0;
  let i = 524288;
  for (; i < normal; i++) {
    h = (2 * h + (gear[data[start + i] ?? 0] ?? 0)) % 2 ** 32;
    if ((h & 0xfffffc00) === 0) return i + 1;
  }
  for (; i < n; i++) {
    h = (2 * h + (gear[data[start + i] ?? 0] ?? 0)) % 2 ** 32;
    if ((h & 0xffffc000) === 0) return i + 1;
  }
  return n;
}

function lengths(chunks: readonly Buffer[]): number[] {
  return chunks.map((chunk) => chunk.length);
}

function ids(chunks: readonly Buffer[]): string[] {
  return chunks.map((chunk) => chunkId(vectorChunkIdKey, chunk).toString('hex'));
}

const input = pseudoRandom(40 * MiB, 7);
const whole = chunkAll(createDatabaseChunker(vectorGear), [input]);

describe('FastCDC cut()', () => {
  it('matches the pseudo-code of the spec, including cuts before AVG (MASK_S), after it (MASK_L) and at MAX', () => {
    const data = Buffer.concat([input.subarray(0, 24 * MiB), Buffer.alloc(5 * MiB)]);
    const gear = gearForCut(vectorGear);
    const seen = { beforeAvg: 0, afterAvg: 0, max: 0 };
    for (let start = 0; start < data.length;) {
      const length = cut(data, start, data.length, gear);
      expect(length).toBe(specCut(data, start, data.length, vectorGear));
      if (length < CDC_AVG) seen.beforeAvg += 1;
      else if (length < CDC_MAX) seen.afterAvg += 1;
      else seen.max += 1;
      start += length;
    }
    expect(seen.beforeAvg).toBeGreaterThan(0);
    expect(seen.afterAvg).toBeGreaterThan(0);
    expect(seen.max).toBeGreaterThan(0);
  });

  it('returns the whole rest when it is at most MIN, and never more than MAX', () => {
    const gear = gearForCut(vectorGear);
    expect(cut(input, 0, 0, gear)).toBe(0);
    expect(cut(input, 100, 100 + CDC_MIN, gear)).toBe(CDC_MIN);
    expect(cut(Buffer.alloc(9 * MiB), 0, 9 * MiB, gear)).toBe(CDC_MAX);
  });

  it('refuses a gear table that is not 256 entries', () => {
    expect(() => gearForCut(new Uint32Array(255))).toThrow(TypeError);
  });
});

describe('DatabaseChunker', () => {
  it('cuts every chunk within [MIN, MAX] except the last, and the chunks reassemble to the input', () => {
    const sizes = lengths(whole);
    expect(sizes.length).toBeGreaterThan(20);
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(CDC_MIN);
      expect(size).toBeLessThanOrEqual(CDC_MAX);
    }
    expect(Buffer.concat(whole).equals(input)).toBe(true);
    const mean = input.length / sizes.length;
    expect(mean).toBeGreaterThan(CDC_AVG);
    expect(mean).toBeLessThan(1.5 * CDC_AVG);
  });

  it('gives identical chunks however the input is split, and never holds more than MAX undecided bytes', () => {
    const data = input.subarray(0, 12 * MiB);
    const expected = ids(chunkAll(createDatabaseChunker(vectorGear), [data]));
    for (const seed of [1, 2, 3]) {
      const random = prng(seed);
      // Mostly small pieces, some large ones, some single bytes: boundaries fall anywhere inside a piece.
      const nextSize = (): number => [1, 3, 4096, 65_536, 300_000, 5 * MiB][random(6)] ?? 1;
      const chunker = createDatabaseChunker(vectorGear);
      const chunks: Buffer[] = [];
      for (const piece of split(data, nextSize)) {
        chunks.push(...chunker.push(piece));
        expect(chunker.buffered).toBeLessThan(CDC_MAX);
      }
      chunks.push(...chunker.flush());
      expect(ids(chunks)).toEqual(expected);
      expect(Buffer.concat(chunks).equals(data)).toBe(true);
    }
  });

  it('is content-defined: bytes inserted near the start change only the first chunks', () => {
    const edited = Buffer.concat([input.subarray(0, 1000), Buffer.from('inserted bytes'), input.subarray(1000)]);
    const before = ids(whole);
    const after = ids(chunkAll(createDatabaseChunker(vectorGear), [edited]));
    const unchanged = after.filter((id) => before.includes(id));
    expect(after.length - unchanged.length).toBeLessThanOrEqual(2);
    expect(before.slice(-unchanged.length)).toEqual(unchanged);
  });

  it('is content-defined: bytes deleted in the middle change only the chunks around the edit', () => {
    const edited = Buffer.concat([input.subarray(0, 20 * MiB), input.subarray(20 * MiB + 4096)]);
    const before = new Set(ids(whole));
    const after = ids(chunkAll(createDatabaseChunker(vectorGear), [edited]));
    expect(after.filter((id) => !before.has(id)).length).toBeLessThanOrEqual(2);
  });

  it('depends on the gear table, hence on BK: another key gives other boundaries', () => {
    const other = chunkAll(createDatabaseChunker(deriveCdcGearTable(sequence(0x80, 32))), [input.subarray(0, 16 * MiB)]);
    expect(lengths(other).slice(0, 3)).not.toEqual(lengths(whole).slice(0, 3));
  });

  it('returns one chunk for input up to MIN, none for empty input, and MAX chunks for input without boundaries', () => {
    expect(chunkAll(createDatabaseChunker(vectorGear), [])).toEqual([]);
    expect(lengths(chunkAll(createDatabaseChunker(vectorGear), [input.subarray(0, 1000)]))).toEqual([1000]);
    expect(lengths(chunkAll(createDatabaseChunker(vectorGear), [input.subarray(0, CDC_MIN)]))).toEqual([CDC_MIN]);
    expect(lengths(chunkAll(createDatabaseChunker(vectorGear), [Buffer.alloc(9 * MiB)]))).toEqual([CDC_MAX, CDC_MAX, MiB]);
  });

  it('does not change chunks it already returned when more input arrives', () => {
    const chunker = createDatabaseChunker(vectorGear);
    const first = chunker.push(input.subarray(0, 9 * MiB));
    const copies = first.map((chunk) => Buffer.from(chunk));
    for (const piece of split(input.subarray(9 * MiB, 30 * MiB), () => MiB)) chunker.push(piece);
    chunker.flush();
    first.forEach((chunk, i) => expect(chunk.equals(copies[i] ?? Buffer.alloc(0))).toBe(true));
  });
});
