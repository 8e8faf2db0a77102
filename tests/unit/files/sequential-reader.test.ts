// SequentialReader on real files in the temp folder (ext4 here: O_DIRECT works), with buffers the
// kernel takes unbuffered and buffers it refuses, and on a disk that refuses O_DIRECT or fails,
// injected through its `open` seam.
import * as fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignedBuffer } from '../../../src-main/files/aligned-blocks.ts';
import { SequentialReader } from '../../../src-main/files/sequential-reader.ts';
import { O_DIRECT, type OpenFile } from '../../../src-main/files/direct-io.ts';
import { patternBytes, tempFolder } from '../../helpers/backup-repo.ts';
import { failingDirectCalls } from '../../helpers/failing-direct-io.ts';

const PIECE = 2 * 1024 * 1024;

async function fileOf(bytes: Buffer): Promise<string> {
  const file = path.join(await tempFolder(), 'in');
  await fs.writeFile(file, bytes);
  return file;
}

/** Every piece the reader gives, copied out (they are views of `buffer`, overwritten by the next read). */
async function readWhole(reader: SequentialReader, buffer: Buffer): Promise<{ bytes: Buffer; pieces: number[] }> {
  const parts: Buffer[] = [];
  try {
    for (;;) {
      const piece = await reader.read(buffer);
      if (piece.length === 0) break;
      parts.push(Buffer.from(piece));
    }
  } finally {
    await reader.close();
  }
  return { bytes: Buffer.concat(parts), pieces: parts.map((part) => part.length) };
}

describe('SequentialReader', () => {
  const sizes = [0, 1, 4095, 4096, 4097, PIECE - 1, PIECE, PIECE + 1, 2 * PIECE + 12_345];

  it.each(sizes)('reads a file of %i bytes exactly, in whole pieces, into an aligned buffer', async (size) => {
    const bytes = patternBytes(size);
    const reader = await SequentialReader.open(await fileOf(bytes));
    const { bytes: read, pieces } = await readWhole(reader, alignedBuffer(PIECE));
    expect(read.equals(bytes)).toBe(true);
    expect(pieces.slice(0, -1).every((length) => length === PIECE)).toBe(true);
    if (process.platform === 'linux') expect(reader.unbuffered).toBe(true);
  });

  it.runIf(O_DIRECT !== undefined)('goes on through the page cache when the kernel refuses a buffer that is not aligned', async () => {
    const bytes = patternBytes(PIECE + 777);
    const reader = await SequentialReader.open(await fileOf(bytes));
    expect(reader.unbuffered).toBe(true);
    // One byte into an aligned memory: an address O_DIRECT turns down with EINVAL.
    const { bytes: read } = await readWhole(reader, alignedBuffer(PIECE + 1).subarray(1));
    expect(reader.unbuffered).toBe(false);
    expect(read.equals(bytes)).toBe(true);
  });

  it.runIf(O_DIRECT !== undefined)('goes on from where it was when O_DIRECT reads start failing with EINVAL', async () => {
    const bytes = patternBytes(3 * PIECE + 5);
    const reader = await SequentialReader.open(await fileOf(bytes), { open: failingDirectCalls('read', 'EINVAL', 2) });
    const { bytes: read, pieces } = await readWhole(reader, alignedBuffer(PIECE));
    expect(reader.unbuffered).toBe(false);
    expect(pieces).toEqual([PIECE, PIECE, PIECE, 5]);
    expect(read.equals(bytes)).toBe(true);
  });

  it('reads through the page cache where the file system refuses O_DIRECT when opening', async () => {
    const bytes = patternBytes(PIECE + 3);
    const refusing: OpenFile = async (target, flags, mode) => {
      if ((flags & (O_DIRECT ?? 0)) !== 0) throw Object.assign(new Error('EINVAL: injected'), { code: 'EINVAL' });
      return fs.open(target, flags, mode);
    };
    const reader = await SequentialReader.open(await fileOf(bytes), { open: refusing });
    expect(reader.unbuffered).toBe(false);
    expect((await readWhole(reader, alignedBuffer(PIECE))).bytes.equals(bytes)).toBe(true);
  });

  it('reads through the page cache when asked to', async () => {
    const bytes = patternBytes(5000);
    const reader = await SequentialReader.open(await fileOf(bytes), { throughCache: true });
    expect(reader.unbuffered).toBe(false);
    expect((await readWhole(reader, Buffer.alloc(1000))).bytes.equals(bytes)).toBe(true);
  });

  it.runIf(O_DIRECT !== undefined)('reports any other failed read as it is', async () => {
    const reader = await SequentialReader.open(await fileOf(patternBytes(10_000)), { open: failingDirectCalls('read', 'EIO') });
    await expect(reader.read(alignedBuffer(PIECE))).rejects.toMatchObject({ code: 'EIO' });
    await reader.close();
  });

  it('reports a file that is not there as ENOENT', async () => {
    await expect(SequentialReader.open(path.join(await tempFolder(), 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
