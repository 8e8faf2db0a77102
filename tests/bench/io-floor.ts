// The least time a restore can take on this machine's disk, whatever the code above it does: the
// repository's objects read and the restored bytes written at the same time, with no decryption,
// hashing or database work. Both go the way a restore's do: reads through the SequentialReader the
// folder destination reads packs with, writes through the SequentialWriter that restored media use,
// then fsync, as a restore's files are. One file, not hundreds, so the floor errs on the low side. Run:
//   ./node_modules/.bin/node -e "import('./tests/bench/io-floor.ts').then(m=>m.restoreIoFloor('/tmp/bb/repository','/tmp/floor.bin',2**30)).then(console.log)"
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { BLOCK_BYTES, returnBlock, takeBlock } from '../../src-main/files/aligned-blocks.ts';
import { SequentialReader } from '../../src-main/files/sequential-reader.ts';
import { SequentialWriter } from '../../src-main/files/sequential-writer.ts';

export interface IoFloor {
  readonly seconds: number;
  readonly readBytes: number;
  readonly writtenBytes: number;
  /** Whether both sides bypassed the page cache (false where the file system refuses O_DIRECT). */
  readonly unbuffered: boolean;
}

export async function restoreIoFloor(repositoryDir: string, scratchFile: string, writeBytes: number): Promise<IoFloor> {
  const files = await filesUnder(repositoryDir);
  const start = process.hrtime.bigint();
  try {
    const [read, written] = await Promise.all([readAll(files), writeFile(scratchFile, writeBytes)]);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { seconds, readBytes: read.bytes, writtenBytes: writeBytes, unbuffered: read.unbuffered && written.unbuffered };
  } finally {
    await rm(scratchFile, { force: true });
  }
}

async function readAll(files: readonly string[]): Promise<{ bytes: number; unbuffered: boolean }> {
  const block = takeBlock();
  let bytes = 0;
  let unbuffered = true;
  try {
    for (const file of files) {
      const reader = await SequentialReader.open(file);
      try {
        for (let piece = await reader.read(block); piece.length > 0; piece = await reader.read(block)) bytes += piece.length;
      } finally {
        unbuffered &&= reader.unbuffered;
        await reader.close();
      }
    }
  } finally {
    returnBlock(block);
  }
  return { bytes, unbuffered };
}

async function writeFile(file: string, bytes: number): Promise<{ unbuffered: boolean }> {
  const source = randomBytes(BLOCK_BYTES);
  const writer = await SequentialWriter.create(file);
  try {
    for (let left = bytes; left > 0; left -= source.length) await writer.write(left >= source.length ? source : source.subarray(0, left));
    await writer.finish();
    await writer.sync();
    return { unbuffered: writer.unbuffered };
  } finally {
    await writer.close();
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.push(path.join(entry.parentPath, entry.name));
  }
  return files.sort();
}
