// Restore hands a chunk on as soon as its own messages are authenticated, so writing and hashing it
// overlap with decrypting the rest of its pack; nothing may be trusted before the whole pack is.
// Packs here are real ones in a real folder repository, damaged on disk.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChunkFetcher } from '../../../../src-main/backup/engine/chunk-fetcher.ts';
import { loadChunkLocator } from '../../../../src-main/backup/engine/load-indexes.ts';
import { MediaFileWriter } from '../../../../src-main/backup/engine/media-file-writer.ts';
import { PackWriter } from '../../../../src-main/backup/engine/pack-writer.ts';
import { FileHasher } from '../../../../src-main/backup/hashing/file-hasher.ts';
import { chunkId, deriveChunkIdKey } from '../../../../src-main/crypto/kdf.ts';
import type { OpenFile } from '../../../../src-main/files/direct-io.ts';
import { mediaPath } from '../../../../src-main/store/media-store.ts';
import { ensureProfile } from '../../../../src-main/store/profile.ts';
import { flipBit } from '../../../helpers/backup-fixture.ts';
import { expectAppErrorAsync, newRepository, patternBytes, tempFolder } from '../../../helpers/backup-repo.ts';

const MiB = 1024 * 1024;

/** Packs of 3 MiB media chunks, one pack per list of seeds, written in that order. */
async function packsOf(seedsPerPack: readonly (readonly string[])[]) {
  const test = await newRepository();
  const key = deriveChunkIdKey(test.repository.backupKey);
  const packs = [];
  for (const seeds of seedsPerPack) {
    const chunks = seeds.map((seed) => patternBytes(3 * MiB, seed)).map((raw) => ({ raw, id: chunkId(key, raw) }));
    const writer = new PackWriter(test.repository);
    for (const { raw, id } of chunks) await writer.add({ chunkId: id, type: 'media', raw, compress: false });
    await writer.finish();
    packs.push(chunks.map(({ raw, id }) => ({ raw, id: id.toString('hex') })));
  }
  return { ...test, packs };
}

/** One pack holding two 3 MiB media chunks; returns their ids (hex), bytes and the pack's file. */
async function twoChunkPack() {
  const test = await packsOf([['first', 'second']]);
  const dataDir = path.join(test.dir, 'data');
  const [prefix] = readdirSync(dataDir);
  const [name] = readdirSync(path.join(dataDir, prefix ?? ''));
  return { ...test, chunks: test.packs[0] ?? [], pack: path.join(dataDir, prefix ?? '', name ?? '') };
}

/** What `promise` has done after `ms` milliseconds: 'pending', or 'settled'. */
async function stateAfter(promise: Promise<unknown>, ms: number): Promise<'pending' | 'settled'> {
  const settled = promise.then(
    () => 'settled' as const,
    () => 'settled' as const,
  );
  return Promise.race([settled, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}

describe('ChunkFetcher', () => {
  it('decrypts the next pack around the chunks of the last one still held, and over them once they are let go', async () => {
    const { repository, packs } = await packsOf([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2', 'b3'],
    ]);
    const [a, b] = packs;
    const [a3, b1, b3] = [a?.[2], b?.[0], b?.[2]];
    if (a === undefined || a3 === undefined || b1 === undefined || b3 === undefined) throw new Error('no chunks');
    const fetcher = new ChunkFetcher(repository, await loadChunkLocator(repository));
    for (const chunk of a.slice(0, 2)) await fetcher.getChunk(chunk.id, chunk.raw.length);
    // The last chunk of the first pack, 6 MiB in, is still being written out.
    const heldA3 = await fetcher.getChunk(a3.id, a3.raw.length);
    let letGo = (): void => undefined;
    fetcher.hold(heldA3.bytes, new Promise<void>((resolve) => (letGo = resolve)));

    // The next pack's first chunk goes where nothing is held: it does not wait for the write.
    const fetchedB1 = fetcher.getChunk(b1.id, b1.raw.length);
    expect(await stateAfter(fetchedB1, 5000)).toBe('settled');
    expect((await fetchedB1).bytes.equals(b1.raw)).toBe(true);
    // Its last chunk would land on the held bytes: it waits, and they stay as they were.
    const fetchedB3 = fetcher.getChunk(b3.id, b3.raw.length);
    expect(await stateAfter(fetchedB3, 300)).toBe('pending');
    expect(heldA3.bytes.equals(a3.raw)).toBe(true);
    letGo();
    const last = await fetchedB3;
    expect(last.bytes.equals(b3.raw)).toBe(true);
    await expect(last.complete).resolves.toBeUndefined();
  });

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

  it('fsyncs the file, whole, before moving it into place', async () => {
    const paths = ensureProfile(await tempFolder());
    const bytes = Buffer.from(new SharedArrayBuffer(MiB + 5));
    patternBytes(bytes.length, 'durable').copy(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = { record: { type: 'media' as const, sha256, size: bytes.length, mime: 'video/mp4', chunks: 1 }, chunks: [] };
    // What the temporary held, and whether the final name existed yet, each time it was fsync'ed.
    const syncs: { size: number; placed: boolean }[] = [];
    const open: OpenFile = async (target, flags, mode) => {
      const handle = await fs.open(target, flags, mode);
      return new Proxy(handle, {
        get(real, key) {
          if (key !== 'sync') return Reflect.get(real, key, real) as unknown;
          return async () => {
            await real.sync();
            syncs.push({ size: (await real.stat()).size, placed: existsSync(mediaPath(paths, sha256)) });
          };
        },
      });
    };
    const hasher = new FileHasher();
    try {
      const writer = await MediaFileWriter.open(paths, file, hasher, { open });
      await writer.add(bytes, Promise.resolve());
      await writer.finish();
    } finally {
      await hasher.close();
    }
    expect(syncs).toEqual([{ size: bytes.length, placed: false }]);
    expect(statSync(mediaPath(paths, sha256)).size).toBe(bytes.length);
  });
});
