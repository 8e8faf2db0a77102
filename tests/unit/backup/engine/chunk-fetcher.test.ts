// Restore hands a chunk on as soon as its own messages are authenticated, so writing and hashing it
// overlap with decrypting the rest of its pack; nothing may be trusted before the whole pack is.
// Packs here are real ones in a real folder repository, damaged on disk.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChunkFetcher } from '../../../../src-main/backup/engine/chunk-fetcher.ts';
import { loadChunkLocator } from '../../../../src-main/backup/engine/load-indexes.ts';
import { MediaFileWriter } from '../../../../src-main/backup/engine/media-file-writer.ts';
import { PackWriter } from '../../../../src-main/backup/engine/pack-writer.ts';
import { FileHasher } from '../../../../src-main/backup/hashing/file-hasher.ts';
import { chunkId, deriveChunkIdKey } from '../../../../src-main/crypto/kdf.ts';
import { mediaPath } from '../../../../src-main/store/media-store.ts';
import { ensureProfile } from '../../../../src-main/store/profile.ts';
import { flipBit } from '../../../helpers/backup-fixture.ts';
import { expectAppErrorAsync, newRepository, patternBytes, tempFolder } from '../../../helpers/backup-repo.ts';

const MiB = 1024 * 1024;

/** One pack holding two 3 MiB media chunks; returns their ids (hex) and bytes. */
async function twoChunkPack() {
  const test = await newRepository();
  const key = deriveChunkIdKey(test.repository.backupKey);
  const chunks = [patternBytes(3 * MiB, 'first'), patternBytes(3 * MiB, 'second')].map((raw) => ({ raw, id: chunkId(key, raw) }));
  const packs = new PackWriter(test.repository);
  for (const { raw, id } of chunks) await packs.add({ chunkId: id, type: 'media', raw, compress: false });
  await packs.finish();
  const dataDir = path.join(test.dir, 'data');
  const [prefix] = readdirSync(dataDir);
  const [name] = readdirSync(path.join(dataDir, prefix ?? ''));
  return {
    ...test,
    chunks: chunks.map(({ raw, id }) => ({ raw, id: id.toString('hex') })),
    pack: path.join(dataDir, prefix ?? '', name ?? ''),
  };
}

describe('ChunkFetcher', () => {
  it('hands out each chunk with a promise that resolves once its pack is authenticated whole', async () => {
    const { repository, chunks } = await twoChunkPack();
    const fetcher = new ChunkFetcher(repository, await loadChunkLocator(repository));
    for (const chunk of chunks) {
      const fetched = await fetcher.getChunk(chunk.id, chunk.raw.length);
      expect(fetched.bytes.equals(chunk.raw)).toBe(true);
      await expect(fetched.complete).resolves.toBeUndefined();
    }
  });

  it('gives out a chunk before a later part of its pack fails to authenticate, and then says so', async () => {
    const { repository, chunks, pack } = await twoChunkPack();
    flipBit(pack, statSync(pack).size - 8); // inside the final message
    const fetcher = new ChunkFetcher(repository, await loadChunkLocator(repository));
    const first = chunks[0];
    if (first === undefined) throw new Error('no chunk');
    const fetched = await fetcher.getChunk(first.id, first.raw.length);
    expect(fetched.bytes.equals(first.raw)).toBe(true);
    await expectAppErrorAsync(() => fetched.complete, 'BACKUP_OBJECT_CORRUPT');
    // get() only answers for a whole pack: the same chunk is refused.
    await expectAppErrorAsync(() => fetcher.get(first.id, first.raw.length), 'BACKUP_OBJECT_CORRUPT');
  });

  it('fails every chunk of a pack damaged before them, each time it is asked, without hanging', async () => {
    const { repository, chunks, pack } = await twoChunkPack();
    // Inside the first message: past the clear header (40), the stream header (24) and a length prefix (4).
    flipBit(pack, 100);
    const fetcher = new ChunkFetcher(repository, await loadChunkLocator(repository));
    const [first, second] = chunks;
    if (first === undefined || second === undefined) throw new Error('no chunks');
    // Both asked at once, each awaited from the start (a rejection nobody awaits yet would be unhandled).
    await Promise.all(
      [first, second].map((chunk) => expectAppErrorAsync(() => fetcher.getChunk(chunk.id, chunk.raw.length), 'BACKUP_OBJECT_CORRUPT')),
    );
    await expectAppErrorAsync(() => fetcher.getChunk(second.id, second.raw.length), 'BACKUP_OBJECT_CORRUPT');
  });
});

describe('MediaFileWriter', () => {
  it('does not move a file into place when the pack its bytes came from fails afterwards', async () => {
    const paths = ensureProfile(await tempFolder());
    const bytes = Buffer.from(new SharedArrayBuffer(MiB));
    patternBytes(MiB, 'media').copy(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = { record: { type: 'media' as const, sha256, size: MiB, mime: 'image/jpeg', chunks: 1 }, chunks: [] };
    const hasher = new FileHasher();
    try {
      const failed = await MediaFileWriter.open(paths, file, hasher);
      const damaged = Promise.reject(new Error('pack damaged'));
      await failed.add(bytes, damaged);
      await expect(failed.finish()).rejects.toThrow('pack damaged');
      expect(existsSync(mediaPath(paths, sha256))).toBe(false);
      expect(readdirSync(paths.tmp)).toEqual([]);

      const writer = await MediaFileWriter.open(paths, file, hasher);
      await writer.add(bytes, Promise.resolve());
      await writer.finish();
      expect(existsSync(mediaPath(paths, sha256))).toBe(true);
    } finally {
      await hasher.close();
    }
  });
});
