// Media chunking (fixed 4 MiB cuts) and the stream adapters the engine uses for both kinds of file.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  chunkStream,
  createFixedChunker,
  databaseChunks,
  FixedChunker,
  fixedChunks,
  withChunkIds,
} from '../../../../src-main/backup/format/chunk-stream.ts';
import { createDatabaseChunker } from '../../../../src-main/backup/format/fastcdc.ts';
import { MEDIA_CHUNK_BYTES } from '../../../../src-main/backup/format/layout.ts';
import { chunkId } from '../../../../src-main/crypto/kdf.ts';
import { chunkAll, MiB, prng, pseudoRandom, split, vectorChunkIdKey, vectorGear } from './format-test-helpers.ts';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const media = pseudoRandom(10 * MiB + 12_345, 3);

describe('fixed chunking', () => {
  it('cuts 4 MiB chunks, the last one shorter, whatever the piece sizes', async () => {
    const random = prng(9);
    const chunks = await collect(fixedChunks(split(media, () => 1 + random(3 * MiB))));
    expect(chunks.map((chunk) => chunk.length)).toEqual([MEDIA_CHUNK_BYTES, MEDIA_CHUNK_BYTES, 2 * MiB + 12_345]);
    expect(Buffer.concat(chunks).equals(media)).toBe(true);
  });

  it('returns views of the input, without copying, when pieces are chunk-sized', () => {
    const chunks = chunkAll(
      new FixedChunker(),
      split(media, () => MEDIA_CHUNK_BYTES),
    );
    expect(chunks[0]?.buffer).toBe(media.buffer);
    expect(chunks[2]?.buffer).toBe(media.buffer);
  });

  it('gives no chunk for an empty file and one for a file smaller than a chunk', () => {
    expect(chunkAll(createFixedChunker(), [])).toEqual([]);
    expect(chunkAll(createFixedChunker(), [Buffer.alloc(0)])).toEqual([]);
    expect(chunkAll(createFixedChunker(), [Buffer.from('tiny')]).map(String)).toEqual(['tiny']);
  });

  it('refuses chunk sizes outside 1..4 MiB', () => {
    expect(() => new FixedChunker(0)).toThrow(RangeError);
    expect(() => new FixedChunker(MEDIA_CHUNK_BYTES + 1)).toThrow(RangeError);
  });
});

describe('stream adapters', () => {
  it('cut the database header page alone, then the rest exactly as pushing the same bytes by hand', async () => {
    const data = pseudoRandom(6 * MiB, 4);
    const expected = [data.subarray(0, 4096), ...chunkAll(createDatabaseChunker(vectorGear), [data.subarray(4096)])];
    const streamed = await collect(databaseChunks(Readable.from(split(data, () => 65_536)), vectorGear));
    expect(streamed.map((chunk) => chunk.toString('hex'))).toEqual(expected.map((chunk) => chunk.toString('hex')));
    const viaChunker = await collect(chunkStream([data.subarray(4096)], createDatabaseChunker(vectorGear)));
    expect(viaChunker.length).toBe(expected.length - 1);
  });

  it('give a database shorter than a page one chunk, and an empty one none', async () => {
    expect((await collect(databaseChunks([pseudoRandom(100, 9)], vectorGear))).map((c) => c.length)).toEqual([100]);
    expect(await collect(databaseChunks([], vectorGear))).toEqual([]);
  });

  it('name each chunk with the keyed BLAKE2b chunk id of its bytes', async () => {
    const chunks = await collect(withChunkIds(fixedChunks([media]), vectorChunkIdKey));
    expect(chunks).toHaveLength(3);
    for (const { id, bytes } of chunks) expect(id.equals(chunkId(vectorChunkIdKey, bytes))).toBe(true);
  });
});
