// Random damage to valid pack, index and manifest plaintexts: each parser must either return something
// self-consistent or throw an AppError with a code. Never a TypeError or RangeError from a bounds
// slip, never a hang. (Real damage is caught by authentication first; this guards the parsers anyway.)
import { describe, expect, it } from 'vitest';
import { decodeIndex, encodeIndex } from '../../../../src-main/backup/format/index-codec.ts';
import { ENTRY_HEADER_BYTES, MAX_CHUNK_BYTES } from '../../../../src-main/backup/format/layout.ts';
import { parseManifest } from '../../../../src-main/backup/format/manifest-parser.ts';
import { ManifestWriter } from '../../../../src-main/backup/format/manifest-writer.ts';
import { PackBuilder } from '../../../../src-main/backup/format/pack-builder.ts';
import { extractChunk, readPackEntries } from '../../../../src-main/backup/format/pack-reader.ts';
import { chunkId } from '../../../../src-main/crypto/kdf.ts';
import { AppError } from '../../../../src-shared/errors.ts';
import { mutations, parsesOrAppError, pseudoRandom, sequence, vectorChunkIdKey } from './format-test-helpers.ts';

const MUTATIONS = 600;

function samplePack(): { plaintext: Buffer; raws: Buffer[] } {
  const raws = [Buffer.from('CREATE TABLE t(x);'.repeat(300)), pseudoRandom(700, 5), Buffer.from('companion')];
  const builder = new PackBuilder();
  raws.forEach((raw, i) =>
    builder.add({ chunkId: chunkId(vectorChunkIdKey, raw), type: i === 1 ? 'media' : 'database', raw, compress: true }),
  );
  return { plaintext: builder.finish().plaintext, raws };
}

describe('parsers under random damage', () => {
  it('readPackEntries and extractChunk', () => {
    const { plaintext, raws } = samplePack();
    let parsed = 0;
    for (const damaged of mutations(plaintext, MUTATIONS, 1)) {
      const entries = parsesOrAppError(() => readPackEntries(damaged));
      if (entries instanceof AppError) continue;
      parsed += 1;
      for (const entry of entries) {
        expect(entry.offset + ENTRY_HEADER_BYTES + entry.storedLength).toBeLessThanOrEqual(damaged.length);
        expect(entry.rawLength).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
        // Whatever survived parsing, extraction either yields the original chunk or refuses.
        const raw = parsesOrAppError(() => extractChunk(damaged, entry, vectorChunkIdKey));
        if (!(raw instanceof AppError)) expect(raws.some((original) => original.equals(raw))).toBe(true);
      }
    }
    expect(parsed).toBeGreaterThan(0); // damage inside stored bytes or padding still parses
  });

  it('decodeIndex', () => {
    const entry = (n: number) => ({
      chunkId: sequence(n, 32),
      type: 'database' as const,
      compression: 'zstd' as const,
      offset: n,
      rawLength: 100,
      storedLength: 50,
    });
    const valid = encodeIndex({
      supersedes: [sequence(1, 16)],
      packs: [
        { packId: sequence(2, 16), storedSize: 123_456, entries: [entry(1), entry(2)] },
        { packId: sequence(3, 16), storedSize: 99, entries: [entry(3)] },
      ],
    });
    for (const damaged of mutations(valid, MUTATIONS, 2)) {
      const index = parsesOrAppError(() => decodeIndex(damaged));
      if (index instanceof AppError) continue;
      // A successful decode accounts for every byte: re-encoding gives the input back.
      expect(encodeIndex(index).equals(damaged)).toBe(true);
    }
  });

  it('parseManifest', () => {
    const writer = new ManifestWriter();
    writer.database({
      name: 'companion.db',
      size: 3,
      sha256: 'a'.repeat(64),
      schemaVersion: 1,
      counts: { chats: 1, messages: 2, attachments: 0 },
    });
    writer.chunk('b'.repeat(64), 2);
    writer.chunk('c'.repeat(64), 1);
    writer.media({ sha256: 'd'.repeat(64), size: 5, mime: 'image/png' });
    writer.chunk('e'.repeat(64), 5);
    const valid = writer.finish({
      snapshotId: 'f'.repeat(32),
      created: '2025-01-01T00:00:00.000Z',
      app: 'Companion',
      host: 'h',
      parent: null,
    });
    for (const damaged of mutations(valid, MUTATIONS, 3)) {
      const manifest = parsesOrAppError(() => parseManifest(damaged));
      if (manifest instanceof AppError) continue;
      const files = [manifest.database, ...manifest.media];
      for (const file of files) {
        expect(file.chunks).toHaveLength(file.record.chunks);
        expect(file.chunks.reduce((sum, chunk) => sum + chunk.size, 0)).toBe(file.record.size);
      }
      expect(manifest.header.totals.files).toBe(files.length);
    }
  });
});
