// SequentialWriter on real files in the temp folder (ext4 here: O_DIRECT works), and on a disk that
// refuses O_DIRECT or fails, injected through its `open` seam.
import * as fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, returnBlock, takeBlock } from '../../../src-main/files/aligned-blocks.ts';
import { SequentialWriter } from '../../../src-main/files/sequential-writer.ts';
import { O_DIRECT, type OpenFile } from '../../../src-main/files/direct-io.ts';
import { patternBytes, tempFolder } from '../../helpers/backup-repo.ts';
import { failingDirectCalls } from '../../helpers/failing-direct-io.ts';

/** An open() whose handles hold every write until `release()`: counts how many are under way at once. */
function gatedWrites(): { open: OpenFile; inFlight: () => number; release: () => void } {
  let inFlight = 0;
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  const open: OpenFile = async (file, flags, mode) => {
    const handle = await fs.open(file, flags, mode);
    return new Proxy(handle, {
      get(target, key) {
        if (key !== 'write') return Reflect.get(target, key, target) as unknown;
        return async (...args: Parameters<FileHandle['write']>) => {
          inFlight += 1;
          await gate;
          inFlight -= 1;
          return target.write(...args);
        };
      },
    });
  };
  return { open, inFlight: () => inFlight, release: openGate };
}

async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
}

async function writeInPieces(writer: SequentialWriter, bytes: Buffer, sizes: readonly number[]): Promise<void> {
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    await writer.write(bytes.subarray(offset, offset + size));
    offset += size;
  }
}

async function writeFile(
  file: string,
  bytes: Buffer,
  sizes: readonly number[],
  open?: OpenFile,
  blocks?: number,
): Promise<SequentialWriter> {
  const writer = await SequentialWriter.create(file, {
    ...(open === undefined ? {} : { open }),
    ...(blocks === undefined ? {} : { blocks }),
  });
  try {
    await writeInPieces(writer, bytes, sizes);
    await writer.finish();
    await writer.sync();
  } finally {
    await writer.close();
  }
  return writer;
}

describe('SequentialWriter', () => {
  const sizes = [0, 1, 4095, 4096, 4097, BLOCK_BYTES - 1, BLOCK_BYTES, BLOCK_BYTES + 1, 3 * BLOCK_BYTES + 12_345];

  it.each(sizes)('writes %i bytes in uneven pieces, exactly', async (size) => {
    const file = path.join(await tempFolder(), 'out');
    const bytes = patternBytes(size);
    const writer = await writeFile(file, bytes, [1, 65_536, 700_001, 3]);
    expect(writer.size).toBe(size);
    expect((await fs.readFile(file)).equals(bytes)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('bypasses the page cache on Linux', async () => {
    const file = path.join(await tempFolder(), 'out');
    expect((await writeFile(file, patternBytes(10_000), [10_000])).unbuffered).toBe(true);
  });

  it('copies each piece in: the caller may reuse its buffer as soon as write() resolves', async () => {
    const file = path.join(await tempFolder(), 'out');
    const piece = Buffer.alloc(300_000);
    const writer = await SequentialWriter.create(file);
    for (let round = 0; round < 10; round++) {
      piece.fill(round);
      await writer.write(piece);
    }
    await writer.finish();
    await writer.close();
    const written = await fs.readFile(file);
    for (let round = 0; round < 10; round++)
      expect(written.subarray(round * 300_000, (round + 1) * 300_000).every((byte) => byte === round)).toBe(true);
  });

  it('copies from shared memory at odd offsets exactly (restore hands it views of a shared pack buffer)', async () => {
    const file = path.join(await tempFolder(), 'out');
    const pattern = patternBytes(2 * BLOCK_BYTES + 4096);
    const shared = Buffer.from(new SharedArrayBuffer(pattern.length));
    pattern.copy(shared);
    const writer = await SequentialWriter.create(file);
    const cuts = [0, 44, 45, 65_581, BLOCK_BYTES + 3, pattern.length];
    for (let i = 1; i < cuts.length; i++) await writer.write(shared.subarray(cuts[i - 1], cuts[i]));
    await writer.finish();
    await writer.close();
    expect((await fs.readFile(file)).equals(pattern)).toBe(true);
  });

  it("starts each full block's write at once: with 4 blocks, 4 are written together while the caller waits for the first", async () => {
    const file = path.join(await tempFolder(), 'out');
    const disk = gatedWrites();
    const writer = await SequentialWriter.create(file, { open: disk.open, blocks: 4 });
    const bytes = patternBytes(5 * BLOCK_BYTES + 7);
    let written = false;
    const writing = writer.write(bytes).then(() => {
      written = true;
    });
    await until(() => disk.inFlight() === 4);
    expect(disk.inFlight()).toBe(4);
    // Every block is on its way to the disk: the fifth MiB waits for the first block to be free.
    expect(written).toBe(false);
    disk.release();
    await writing;
    await writer.finish();
    await writer.close();
    expect((await fs.readFile(file)).equals(bytes)).toBe(true);
  });

  it.runIf(O_DIRECT !== undefined)('falls back to the page cache once when several O_DIRECT writes are refused together', async () => {
    const file = path.join(await tempFolder(), 'out');
    const bytes = patternBytes(9 * BLOCK_BYTES + 4097);
    const failing = failingDirectCalls('write', 'EINVAL', 1);
    let bufferedOpens = 0;
    const counting: OpenFile = (target, flags, mode) => {
      if ((flags & (O_DIRECT ?? 0)) === 0) bufferedOpens += 1;
      return failing(target, flags, mode);
    };
    const writer = await writeFile(file, bytes, [3 * BLOCK_BYTES], counting, 6);
    expect(writer.unbuffered).toBe(false);
    expect(bufferedOpens).toBe(1);
    expect((await fs.readFile(file)).equals(bytes)).toBe(true);
  });

  it('gives its blocks back once finished, before the caller syncs and closes the file', async () => {
    const file = path.join(await tempFolder(), 'out');
    // The pool hands out the blocks given back last: these two are the writer's.
    const mine = [takeBlock(), takeBlock()];
    for (const block of mine) returnBlock(block);
    const writer = await SequentialWriter.create(file);
    await writer.write(patternBytes(BLOCK_BYTES + 10));
    await writer.finish();
    const next = takeBlock();
    returnBlock(next);
    expect(mine.some((block) => block.buffer === next.buffer && block.byteOffset === next.byteOffset)).toBe(true);
    await expect(writer.write(Buffer.alloc(1))).rejects.toThrow(/after finish/);
    await writer.sync();
    await writer.close();
    expect((await fs.stat(file)).size).toBe(BLOCK_BYTES + 10);
  });

  it('refuses a path that exists, and leaves it alone', async () => {
    const file = path.join(await tempFolder(), 'taken');
    await fs.writeFile(file, 'mine');
    await expect(SequentialWriter.create(file)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await fs.readFile(file, 'utf8')).toBe('mine');
  });

  it('writes through the page cache where the file system refuses O_DIRECT when opening', async () => {
    const file = path.join(await tempFolder(), 'out');
    const refusing: OpenFile = async (target, flags, mode) => {
      if ((flags & (O_DIRECT ?? 0)) !== 0) {
        // As Linux does it: the file is created before the file system turns O_DIRECT down.
        await (await fs.open(target, flags & ~(O_DIRECT ?? 0), mode)).close();
        throw Object.assign(new Error('EINVAL: injected'), { code: 'EINVAL' });
      }
      return fs.open(target, flags, mode);
    };
    const bytes = patternBytes(2 * BLOCK_BYTES + 77);
    const writer = await writeFile(file, bytes, [65_536], refusing);
    expect(writer.unbuffered).toBe(false);
    expect((await fs.readFile(file)).equals(bytes)).toBe(true);
  });

  it.runIf(O_DIRECT !== undefined)('goes on through the page cache where O_DIRECT writes are refused (EINVAL)', async () => {
    const file = path.join(await tempFolder(), 'out');
    const bytes = patternBytes(3 * BLOCK_BYTES + 5);
    const writer = await writeFile(file, bytes, [65_536], failingDirectCalls('write', 'EINVAL', 1));
    expect(writer.unbuffered).toBe(false);
    expect((await fs.readFile(file)).equals(bytes)).toBe(true);
  });

  it.runIf(O_DIRECT !== undefined)('reports a failed write from write() or finish(), and still closes', async () => {
    const file = path.join(await tempFolder(), 'out');
    const writer = await SequentialWriter.create(file, { open: failingDirectCalls('write', 'EIO', 1) });
    const failure = (async () => {
      await writeInPieces(writer, patternBytes(4 * BLOCK_BYTES), [65_536]);
      await writer.finish();
    })();
    await expect(failure).rejects.toMatchObject({ code: 'EIO' });
    await writer.close();
    await writer.close();
    // The blocks went back to the pool: the next file is written normally.
    const next = path.join(path.dirname(file), 'next');
    await writeFile(next, patternBytes(BLOCK_BYTES + 1), [BLOCK_BYTES + 1]);
    expect((await fs.stat(next)).size).toBe(BLOCK_BYTES + 1);
  });
});
