// Media chunks read in the hashing worker carry the ids §9 defines and the bytes of the file, a file
// that changed since the backup was planned is refused, and a closed hasher rejects instead of hanging.
import { describe, expect, it } from 'vitest';
import { ChunkIdHasher } from '../../../../src-main/backup/hashing/chunk-id-hasher.ts';
import { fixedChunks } from '../../../../src-main/backup/format/chunk-stream.ts';
import { hashedMediaChunks } from '../../../../src-main/backup/hashing/media-chunks.ts';
import { MEDIA_CHUNK_BYTES } from '../../../../src-main/backup/format/layout.ts';
import { chunkId } from '../../../../src-main/crypto/kdf.ts';
import { randomBytes } from '../../../../src-main/crypto/sodium.ts';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { patternBytes, tempFolder } from '../../../helpers/backup-repo.ts';

const key = randomBytes(32);

describe('ChunkIdHasher', () => {
  it('reads a piece of a file into shared memory in the worker and returns its keyed BLAKE2b id', async () => {
    const file = path.join(await tempFolder(), 'media');
    const data = patternBytes(300_000);
    await writeFile(file, data);
    const hasher = new ChunkIdHasher(key);
    try {
      const into = Buffer.from(new SharedArrayBuffer(100_000));
      const id = await hasher.readChunk(file, data.length, 150_000, into);
      expect(into.equals(data.subarray(150_000, 250_000))).toBe(true);
      expect(id.equals(chunkId(key, into))).toBe(true);
    } finally {
      await hasher.close();
    }
  });

  it('refuses a file that is gone, or no longer has the size the backup planned with', async () => {
    const dir = await tempFolder();
    const file = path.join(dir, 'media');
    await writeFile(file, patternBytes(1000));
    const hasher = new ChunkIdHasher(key);
    try {
      const into = Buffer.from(new SharedArrayBuffer(1000));
      await expect(hasher.readChunk(file, 2000, 0, into)).rejects.toThrow(
        `media file ${file} changed size during the backup (2000 → 1000 bytes)`,
      );
      await expect(hasher.readChunk(path.join(dir, 'gone'), 1000, 0, into)).rejects.toMatchObject({ code: 'ENOENT', syscall: 'open' });
      // The worker is still usable afterwards.
      expect((await hasher.readChunk(file, 1000, 0, into)).equals(chunkId(key, into))).toBe(true);
    } finally {
      await hasher.close();
    }
  });

  it('rejects once closed instead of waiting forever', async () => {
    const hasher = new ChunkIdHasher(key);
    await hasher.close();
    await expect(hasher.readChunk('/nonexistent', 8, 0, Buffer.from(new SharedArrayBuffer(8)))).rejects.toThrow('closed');
    await hasher.close(); // twice is fine
  });
});

describe('hashedMediaChunks', () => {
  it('yields each file, then its 4 MiB chunks with their ids, in order; an empty file has none', async () => {
    const dir = await tempFolder();
    const sizes = [MEDIA_CHUNK_BYTES * 2 + 5, 0, 10, MEDIA_CHUNK_BYTES];
    const files = await Promise.all(
      sizes.map(async (size, index) => {
        const file = path.join(dir, `m${index}`);
        const bytes = patternBytes(size, `file ${index}`);
        await writeFile(file, bytes);
        return { file: { index, bytes }, path: file, size };
      }),
    );
    const hasher = new ChunkIdHasher(key);
    const seen: string[] = [];
    try {
      // The cuts must be FixedChunker's, which the §9 test vectors pin down.
      let expected: Buffer[] = [];
      for await (const event of hashedMediaChunks(files, hasher)) {
        if (event.kind === 'file') {
          seen.push(`file ${event.file.index}`);
          expected = [];
          for await (const chunk of fixedChunks([event.file.bytes])) expected.push(Buffer.from(chunk));
          continue;
        }
        expect(event.chunk.bytes.equals(expected.shift() ?? Buffer.alloc(0))).toBe(true);
        expect(event.chunk.id.equals(chunkId(key, event.chunk.bytes))).toBe(true);
        seen.push(`chunk ${event.chunk.bytes.length}`);
        event.release();
      }
    } finally {
      await hasher.close();
    }
    expect(seen).toEqual([
      'file 0',
      `chunk ${MEDIA_CHUNK_BYTES}`,
      `chunk ${MEDIA_CHUNK_BYTES}`,
      'chunk 5',
      'file 1',
      'file 2',
      'chunk 10',
      'file 3',
      `chunk ${MEDIA_CHUNK_BYTES}`,
    ]);
  });

  it('reads small files further ahead than large ones: the read-ahead is counted in bytes', async () => {
    const dir = await tempFolder();
    const small = await Promise.all(
      Array.from({ length: 40 }, async (_, index) => {
        const file = path.join(dir, `s${index}`);
        await writeFile(file, patternBytes(100_000, `small ${index}`));
        return { file: index, path: file, size: 100_000 };
      }),
    );
    const large = path.join(dir, 'large');
    await writeFile(large, patternBytes(MEDIA_CHUNK_BYTES * 8, 'large'));
    const hasher = new ChunkIdHasher(key);
    const requested = (files: Parameters<typeof hashedMediaChunks<number>>[0]): Promise<number> => {
      let reads = 0;
      const counting = new Proxy(hasher, {
        get(target, name) {
          if (name !== 'readChunk') return Reflect.get(target, name, target) as unknown;
          return (...args: Parameters<ChunkIdHasher['readChunk']>) => {
            reads += 1;
            return target.readChunk(...args);
          };
        },
      });
      const events = hashedMediaChunks(files, counting);
      // The first event only: what is requested by then is the read-ahead.
      return events.next().then(async () => {
        const ahead = reads;
        await events.return(undefined);
        return ahead;
      });
    };
    try {
      expect(await requested(small)).toBe(32); // the cap on requests, well within 12 MiB
      expect(await requested([{ file: 0, path: large, size: MEDIA_CHUNK_BYTES * 8 }])).toBe(3); // 12 MiB of 4 MiB chunks
    } finally {
      await hasher.close();
    }
  });

  it('refuses to go on while the consumer holds the chunks, instead of ending the stream early', async () => {
    const dir = await tempFolder();
    const files = await Promise.all(
      [0, 1, 2, 3].map(async (index) => {
        const file = path.join(dir, `big${index}`);
        await writeFile(file, patternBytes(MEDIA_CHUNK_BYTES, `big ${index}`));
        return { file: index, path: file, size: MEDIA_CHUNK_BYTES };
      }),
    );
    const hasher = new ChunkIdHasher(key);
    try {
      const kinds: string[] = [];
      const consume = async (): Promise<void> => {
        // Never releases a chunk: the ring has room for three, the fourth can never be read.
        for await (const event of hashedMediaChunks(files, hasher)) kinds.push(event.kind);
      };
      await expect(consume()).rejects.toThrow(/give each chunk back/);
      expect(kinds.filter((kind) => kind === 'chunk')).toHaveLength(3);
    } finally {
      await hasher.close();
    }
  });
});
