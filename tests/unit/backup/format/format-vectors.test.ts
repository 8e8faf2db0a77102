// The chunking, pack and index vectors of docs/backup-format.md: pinned here, recomputed from the code,
// and read back from the document, so neither the code nor the spec can drift without this failing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFixedChunker } from '../../../../src-main/backup/format/chunk-stream.ts';
import { createDatabaseChunker } from '../../../../src-main/backup/format/fastcdc.ts';
import { decodeIndex, encodeIndex } from '../../../../src-main/backup/format/index-codec.ts';
import { PackBuilder } from '../../../../src-main/backup/format/pack-builder.ts';
import { extractChunk, readPackEntries } from '../../../../src-main/backup/format/pack-reader.ts';
import { chunkId } from '../../../../src-main/crypto/kdf.ts';
import type { Chunker } from '../../../../src-main/backup/format/chunk-stream.ts';
import { blake2bStream, chunkAll, documentVectors, MiB, sequence, vectorChunkIdKey, vectorGear } from './format-test-helpers.ts';

const pinned: Record<string, string> = {
  'cdc-input-sha256': '8e02f5c04b44fbd222ee4f8f80d11b695ee6001ca4eadd1a6cbf08a3a3954f86',
  'cdc-chunk[0]': '0 1325564 e6fa28afd186d49ec5b4100831fbc1fb3f3f4db6b26e1cf6ff9a54c4253c1337',
  'cdc-chunk[1]': '1325564 4194304 54d21c7a283efb3e38d2dd508a246ffde2922640d14167241e37518144c4097e',
  'cdc-chunk[2]': '5519868 1071697 cbac588151dd0558f8b019f7ca1eb64c6b2657b6bddbb129724ae150d7112bbc',
  'cdc-chunk[3]': '6591565 1087869 e45a9767a557570b50352efac6a7c8b90ce63a76648c96bc33b890da35f55b10',
  'cdc-chunk[4]': '7679434 626219 370afba581cfe5bfe79935a4f8f97e52d0a39317773599b627f6fbb9d87af33f',
  'cdc-chunk[5]': '8305653 82955 d4bcacf7ba4ea5211c90ce7cda76e9993e928177e8452a3a39946d65a5d6b24e',
  'fixed-chunk[0]': '0 4194304 4d02084f5317e1aff03da65172c16ec73f07f3c6ce6cc3ebe9b47f15b92ba2e1',
  'fixed-chunk[1]': '4194304 4194304 286982b6481a5f0c30dd822d0f8cba628426e4e5c83f7d5f2d8dba7605eb1d61',
  pack:
    '6b0ce3cc7a50b154cd545b83055425c08f16ad5cf87f6f5b71db31c9fe869b6a010000000900000009000000636f6d70616e696f6ea0cefecf7ba3c215a6b16f' +
    '449520b83fa8934713f6b7f42c92a9551957df28570200000006000000060000006261636b757000000000000000000000000000000000000000000000000000' +
    '00000000000000000000000d0000000d00000000000000000000000000000000',
  index:
    '01000000b0b1b2b3b4b5b6b7b8b9babbbcbdbebf01000000e0e1e2e3e4e5e6e7e8e9eaebecedeeeff500000000000000020000006b0ce3cc7a50b154cd545b83' +
    '055425c08f16ad5cf87f6f5b71db31c9fe869b6a01000000000000000900000009000000a0cefecf7ba3c215a6b16f449520b83fa8934713f6b7f42c92a95519' +
    '57df285702000000350000000600000006000000',
};

/** The documented input: the BLAKE2b stream with bytes [2 MiB, 6 MiB) zeroed. */
function cdcInput(): Buffer {
  const input = blake2bStream(8 * MiB);
  input.fill(0, 2 * MiB, 6 * MiB);
  return input;
}

function chunkLines(name: string, chunker: Chunker, input: Buffer): Record<string, string> {
  const lines: Record<string, string> = {};
  let offset = 0;
  chunkAll(chunker, [input]).forEach((chunk, k) => {
    lines[`${name}[${k}]`] = `${offset} ${chunk.length} ${chunkId(vectorChunkIdKey, chunk).toString('hex')}`;
    offset += chunk.length;
  });
  return lines;
}

function computed(): Record<string, string> {
  const input = cdcInput();
  const builder = new PackBuilder();
  for (const [text, type] of [
    ['companion', 'database'],
    ['backup', 'media'],
  ] as const) {
    const raw = Buffer.from(text);
    builder.add({ chunkId: chunkId(vectorChunkIdKey, raw), type, raw, compress: false });
  }
  const { plaintext, entries } = builder.finish();
  // An encrypted object of n < 65536 bytes is stored in 64 + 4 + n + 17 bytes (§6.2).
  const index = encodeIndex({
    supersedes: [sequence(0xb0, 16)],
    packs: [{ packId: sequence(0xe0, 16), storedSize: 85 + plaintext.length, entries }],
  });
  return {
    'cdc-input-sha256': createHash('sha256').update(input).digest('hex'),
    ...chunkLines('cdc-chunk', createDatabaseChunker(vectorGear), input),
    ...chunkLines('fixed-chunk', createFixedChunker(), input),
    pack: plaintext.toString('hex'),
    index: index.toString('hex'),
  };
}

describe('docs/backup-format.md chunking, pack and index vectors', () => {
  const vectors = documentVectors();

  it('the code computes the pinned values', () => {
    expect(computed()).toEqual(pinned);
  });

  it('the document shows the pinned values', () => {
    for (const [name, value] of Object.entries(pinned)) expect(vectors.get(name), name).toBe(value);
  });

  it("the document's pack and index decode to the chunks they describe", () => {
    const pack = Buffer.from(vectors.get('pack') ?? '', 'hex');
    const index = decodeIndex(Buffer.from(vectors.get('index') ?? '', 'hex'));
    const entries = readPackEntries(pack);
    expect(index.supersedes).toEqual([sequence(0xb0, 16)]);
    expect(index.packs).toEqual([{ packId: sequence(0xe0, 16), storedSize: 245, entries }]);
    expect(entries.map((entry) => [entry.type, extractChunk(pack, entry, vectorChunkIdKey).toString()])).toEqual([
      ['database', 'companion'],
      ['media', 'backup'],
    ]);
  });
});
