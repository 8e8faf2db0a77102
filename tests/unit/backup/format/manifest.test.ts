// Snapshot manifests (docs/backup-format.md §12): the writer computes what it can, the parser checks
// order, counts, sums and totals, ignores unknown fields and refuses unknown record types.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../../src-main/backup/format/manifest-parser.ts';
import { ManifestWriter } from '../../../../src-main/backup/format/manifest-writer.ts';
import type { HeaderInfo } from '../../../../src-main/backup/format/manifest-writer.ts';
import { expectAppError, MiB } from './format-test-helpers.ts';

const hex = (byte: number, length: number): string => byte.toString(16).padStart(2, '0').repeat(length);
const header: HeaderInfo = {
  snapshotId: hex(0xb0, 16),
  created: '2025-01-01T00:00:00.000Z',
  app: 'Companion 0.1.0',
  host: 'laptop',
  parent: null,
};

/** The example of §12: a 1.5 MiB database in two chunks, a 5 MiB photo in two. */
function exampleWriter(): ManifestWriter {
  const writer = new ManifestWriter();
  writer.database({
    name: 'companion.db',
    size: 1_572_864,
    sha256: hex(0xd1, 32),
    schemaVersion: 1,
    counts: { chats: 12, messages: 48_211, attachments: 310 },
  });
  writer.chunk(Buffer.alloc(32, 0x01), MiB);
  writer.chunk(hex(0x02, 32), MiB / 2);
  writer.media({ sha256: hex(0xe1, 32), size: 5 * MiB, mime: 'image/jpeg' });
  writer.chunk(hex(0x03, 32), 4 * MiB);
  writer.chunk(hex(0x04, 32), MiB);
  return writer;
}

const example = exampleWriter().finish(header);
const lines = example.toString('utf8').split('\n').slice(0, -1);
const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);

function manifestOf(rows: readonly unknown[]): Buffer {
  return Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join(''), 'utf8');
}

/** The example with row `index` replaced (or removed, for undefined). */
function withRow(index: number, row: unknown): Buffer {
  return manifestOf(records.flatMap((record, i) => (i !== index ? [record] : row === undefined ? [] : [row])));
}

function corruptManifest(bytes: Buffer, problem: string, line?: number): void {
  expectAppError(() => parseManifest(bytes), 'BACKUP_OBJECT_CORRUPT', {
    reason: 'manifest',
    problem,
    ...(line === undefined ? {} : { line }),
  });
}

describe('ManifestWriter', () => {
  it('writes the records of §12 in the documented field order, with chunk counts and totals computed', () => {
    expect(lines[0]).toBe(
      `{"type":"snapshot","version":1,"snapshotId":"${hex(0xb0, 16)}","created":"2025-01-01T00:00:00.000Z","app":"Companion 0.1.0","host":"laptop","parent":null,"totals":{"files":2,"chunks":4,"bytes":6815744}}`,
    );
    expect(lines[1]).toBe(
      `{"type":"database","name":"companion.db","size":1572864,"sha256":"${hex(0xd1, 32)}","schemaVersion":1,"chunks":2,"counts":{"chats":12,"messages":48211,"attachments":310}}`,
    );
    expect(lines[2]).toBe(`{"type":"chunk","id":"${hex(0x01, 32)}","size":1048576}`);
    expect(lines[4]).toBe(`{"type":"media","sha256":"${hex(0xe1, 32)}","size":5242880,"mime":"image/jpeg","chunks":2}`);
    expect(lines).toHaveLength(7);
  });

  it('refuses out-of-order calls and chunk sizes that do not add up to the file', () => {
    expect(() => new ManifestWriter().media({ sha256: hex(1, 32), size: 0, mime: 'image/png' })).toThrow(/database/);
    expect(() => new ManifestWriter().chunk(hex(1, 32), 1)).toThrow(/chunk/);
    expect(() => new ManifestWriter().finish(header)).toThrow(/database/);
    const writer = exampleWriter();
    writer.chunk(hex(5, 32), 1);
    expect(() => writer.finish(header)).toThrow(/add up/);
  });

  it('refuses records the parser would refuse, as a programming error rather than corruption', () => {
    const writer = new ManifestWriter();
    writer.database({
      name: 'companion.db',
      size: 0,
      sha256: 'not hex',
      schemaVersion: 1,
      counts: { chats: 0, messages: 0, attachments: 0 },
    });
    expect(() => writer.finish(header)).toThrow(/valid manifest/);
  });
});

describe('parseManifest', () => {
  it('reads the database, then each media file, with their chunks', () => {
    const manifest = parseManifest(example);
    expect(manifest.header).toMatchObject({ ...header, totals: { files: 2, chunks: 4, bytes: 6_815_744 } });
    expect(manifest.database.record.counts.messages).toBe(48_211);
    expect(manifest.database.chunks).toEqual([
      { id: hex(0x01, 32), size: MiB },
      { id: hex(0x02, 32), size: MiB / 2 },
    ]);
    expect(manifest.media).toHaveLength(1);
    expect(manifest.media[0]?.record.mime).toBe('image/jpeg');
    expect(manifest.media[0]?.chunks.map((chunk) => chunk.size)).toEqual([4 * MiB, MiB]);
  });

  it('accepts a database without media and an empty database', () => {
    const writer = new ManifestWriter();
    writer.database({
      name: 'companion.db',
      size: 0,
      sha256: hex(0, 32),
      schemaVersion: 3,
      counts: { chats: 0, messages: 0, attachments: 0 },
    });
    const manifest = parseManifest(writer.finish({ ...header, parent: hex(0xaa, 16) }));
    expect(manifest.database.chunks).toEqual([]);
    expect(manifest.media).toEqual([]);
    expect(manifest.header.parent).toBe(hex(0xaa, 16));
  });

  it('ignores unknown fields (§16)', () => {
    const extended = manifestOf(records.map((record) => ({ ...record, future: { nested: true } })));
    expect(parseManifest(extended)).toEqual(parseManifest(example));
  });

  it('refuses an unknown record type as an unsupported format, not as damage', () => {
    expectAppError(() => parseManifest(withRow(4, { type: 'contact', name: 'x' })), 'BACKUP_FORMAT_UNSUPPORTED', {
      field: 'recordType',
      line: 5,
    });
  });

  it('refuses another manifest version as an unsupported format', () => {
    expectAppError(() => parseManifest(withRow(0, { ...records[0], version: 2 })), 'BACKUP_FORMAT_UNSUPPORTED', {
      field: 'version',
      found: 2,
      supported: 1,
    });
  });

  it.each([
    ['a header that is not first', () => manifestOf([records[1], records[0], ...records.slice(2)]), 'order', 1],
    ['no database', () => manifestOf([records[0]]), 'order', 2],
    ['media before the database', () => manifestOf([records[0], ...records.slice(4), ...records.slice(1, 4)]), 'order', 2],
    ['a chunk before any file', () => manifestOf([records[0], records[2], records[1], ...records.slice(3)]), 'order', 2],
    ['a second database', () => manifestOf([...records, records[1]]), 'order', 8],
    ['a second header', () => manifestOf([...records, records[0]]), 'order', 8],
    ['fewer chunks than the record says', () => withRow(3, undefined), 'chunk-count', 2],
    ['more chunks than the record says', () => manifestOf([...records.slice(0, 4), records[3], ...records.slice(4)]), 'chunk-count', 5],
    ['chunk sizes that do not add up', () => withRow(3, { ...records[3], size: 1000 }), 'size', 2],
    ['totals that do not match', () => withRow(0, { ...records[0], totals: { files: 2, chunks: 4, bytes: 1 } }), 'totals', 1],
    ['an empty chunk', () => withRow(3, { ...records[3], size: 0 }), 'fields', 4],
    ['a chunk above 4 MiB', () => withRow(5, { ...records[5], size: 4 * MiB + 1 }), 'fields', 6],
    ['a malformed chunk id', () => withRow(2, { ...records[2], id: 'ABC' }), 'fields', 3],
    ['a missing field', () => withRow(4, { ...records[4], mime: undefined }), 'fields', 5],
    ['a record without a type', () => withRow(2, { id: hex(1, 32), size: 1 }), 'record', 3],
    ['a line that is not an object', () => withRow(2, [1, 2]), 'record', 3],
  ])('refuses %s', (_name, make, problem, line) => {
    corruptManifest(make(), problem, line);
  });

  it('refuses text that is not newline-terminated UTF-8 JSON lines', () => {
    corruptManifest(Buffer.alloc(0), 'empty', 1);
    corruptManifest(example.subarray(0, example.length - 1), 'newline', 7);
    corruptManifest(Buffer.concat([example, Buffer.from('\n')]), 'json', 8);
    corruptManifest(Buffer.concat([example.subarray(0, 10), Buffer.from([0xff]), example.subarray(10)]), 'utf-8');
    corruptManifest(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), example]), 'json', 1);
  });
});
