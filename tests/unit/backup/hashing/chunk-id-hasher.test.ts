// Chunk ids and file hashes from the hashing worker are the ones §9 and the manifest define, and a
// closed hasher rejects instead of hanging.
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
  it('returns the keyed BLAKE2b id, reading shared memory in place or copied bytes alike', async () => {
    const hasher = new ChunkIdHasher(key);
    try {
      const data = patternBytes(100_000);
      const shared = Buffer.from(new SharedArrayBuffer(data.length));
      data.copy(shared);
      expect((await hasher.hash(shared)).equals(chunkId(key, data))).toBe(true);
      expect((await hasher.hash(data)).equals(chunkId(key, data))).toBe(true);
      expect((await hasher.hash(data.subarray(0, 10))).equals(chunkId(key, data.subarray(0, 10)))).toBe(true);
    } finally {
      await hasher.close();
    }
  });

  it('rejects once closed instead of waiting forever', async () => {
    const hasher = new ChunkIdHasher(key);
    await hasher.close();
    await expect(hasher.hash(Buffer.alloc(8))).rejects.toThrow('closed');
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
        return { file: { index, bytes }, path: file };
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
});
