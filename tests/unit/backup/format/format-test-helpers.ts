// Helpers that keep the format tests short: reproducible inputs (the documented BLAKE2b stream, fast
// seeded pseudo-random bytes), chunking in one call, the document's test vectors, and random damage.
import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { deriveCdcGearTable, deriveChunkIdKey } from '../../../../src-main/crypto/kdf.ts';
import { sodium } from '../../../../src-main/crypto/sodium.ts';
import type { Chunker } from '../../../../src-main/backup/format/chunk-stream.ts';
import { AppError } from '../../../../src-shared/errors.ts';
import { sequence } from '../../crypto/crypto-test-helpers.ts';

export { expectAppError, sequence } from '../../crypto/crypto-test-helpers.ts';

export const MiB = 1024 * 1024;
/** The BK of the documented vectors: bytes 0x00…0x1f. */
export const vectorBk = sequence(0x00, 32);
export const vectorGear = deriveCdcGearTable(vectorBk);
export const vectorChunkIdKey = deriveChunkIdKey(vectorBk);

/** The documented stream: byte i is byte (i mod 32) of unkeyed BLAKE2b-256(u32le(floor(i / 32))). */
export function blake2bStream(length: number): Buffer {
  const out = Buffer.alloc(length);
  const block = Buffer.alloc(32);
  const counter = Buffer.alloc(4);
  for (let k = 0; k * 32 < length; k++) {
    counter.writeUInt32LE(k);
    sodium.crypto_generichash(block, counter);
    block.copy(out, k * 32);
  }
  return out;
}

/** Fast, seeded, incompressible bytes (AES-256-CTR keystream) for tests that only need "random". */
export function pseudoRandom(length: number, seed = 1): Buffer {
  const key = Buffer.alloc(32, seed & 0xff);
  key.writeUInt32LE(seed >>> 0);
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

/** A small deterministic PRNG (mulberry32) for choosing split sizes and mutations. */
export function prng(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * below);
  };
}

/** Pushes `pieces` through `chunker` and flushes; returns every chunk. */
export function chunkAll(chunker: Chunker, pieces: Iterable<Uint8Array>): Buffer[] {
  const chunks: Buffer[] = [];
  for (const piece of pieces) chunks.push(...chunker.push(piece));
  chunks.push(...chunker.flush());
  return chunks;
}

/** `input` cut into pieces whose sizes `nextSize` chooses. */
export function* split(input: Buffer, nextSize: () => number): Generator<Buffer> {
  for (let offset = 0; offset < input.length;) {
    const size = Math.max(1, nextSize());
    yield input.subarray(offset, offset + size);
    offset += size;
  }
}

/**
 * The `name = value` lines between the test-vector markers of docs/backup-format.md; indented lines
 * continue the previous value (the same reading as tests/unit/crypto/format-vectors.test.ts).
 */
export function documentVectors(): Map<string, string> {
  const doc = readFileSync(new URL('../../../../docs/backup-format.md', import.meta.url), 'utf8');
  const begin = doc.indexOf('<!-- test-vectors:begin -->');
  const end = doc.indexOf('<!-- test-vectors:end -->');
  expect(begin).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(begin);
  const vectors = new Map<string, string>();
  let current: string | null = null;
  for (const line of doc.slice(begin, end).split('\n')) {
    const entry = /^(\S+) =(?: (.*))?$/.exec(line);
    if (entry?.[1] !== undefined) {
      current = entry[1];
      vectors.set(current, entry[2] ?? '');
    } else if (current !== null && /^ {2}\S/.test(line)) {
      vectors.set(current, (vectors.get(current) ?? '') + line.trim());
    } else {
      current = null;
    }
  }
  return vectors;
}

/** `count` damaged copies of `valid`: bit flips, byte overwrites, truncations, insertions and deletions. */
export function* mutations(valid: Buffer, count: number, seed: number): Generator<Buffer> {
  const random = prng(seed);
  for (let i = 0; i < count; i++) {
    const at = random(valid.length);
    switch (random(5)) {
      case 0:
        yield flip(valid, at, random(8));
        break;
      case 1:
        yield withByte(valid, at, [0x00, 0xff, 0x7f, 0x80, 0x22, 0x0a, random(256)][random(7)] ?? 0);
        break;
      case 2:
        yield valid.subarray(0, at);
        break;
      case 3:
        yield Buffer.concat([valid.subarray(0, at), pseudoRandom(1 + random(8), i), valid.subarray(at)]);
        break;
      default:
        yield Buffer.concat([valid.subarray(0, at), valid.subarray(at + 1 + random(8))]);
    }
  }
}

function flip(bytes: Buffer, at: number, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ (1 << bit);
  return copy;
}

function withByte(bytes: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = value;
  return copy;
}

/** Runs `parse`: it must either return or throw an AppError with a code (never a TypeError, RangeError, …). */
export function parsesOrAppError<T>(parse: () => T): T | AppError {
  try {
    return parse();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
}
