// Parses and checks a snapshot manifest plaintext (docs/backup-format.md §12) before a restore trusts
// any of it. Damage is BACKUP_OBJECT_CORRUPT (reason `manifest`, with `problem` and the 1-based `line`);
// a record type or manifest version this build does not know is BACKUP_FORMAT_UNSUPPORTED, because
// skipping data silently is worse than asking for an update (§12, §16).
import { AppError } from '../../../src-shared/errors.ts';
import { corrupt } from './layout.ts';
import { ChunkRecord, DatabaseRecord, MANIFEST_VERSION, MediaRecord, RECORD_TYPES, SnapshotHeader } from './manifest-schema.ts';
import type { ManifestChunk, ManifestFile, RecordType, SnapshotManifest } from './manifest-schema.ts';
import type { z } from 'zod';

interface Line {
  readonly number: number;
  readonly type: RecordType;
  readonly json: Record<string, unknown>;
}

export function parseManifest(plaintext: Uint8Array): SnapshotManifest {
  const lines = splitLines(plaintext);
  const first = lines.next();
  if (first.done === true || first.value.type !== 'snapshot') throw problem('order', 1);
  const header = parseRecord(SnapshotHeader, first.value);

  const files: ManifestFile<DatabaseRecord | MediaRecord>[] = [];
  let current: { record: DatabaseRecord | MediaRecord; chunks: ManifestChunk[]; bytes: number; line: number } | null = null;
  const close = (): void => {
    if (current === null) return;
    if (current.chunks.length !== current.record.chunks) throw problem('chunk-count', current.line);
    if (current.bytes !== current.record.size) throw problem('size', current.line);
    files.push({ record: current.record, chunks: current.chunks });
  };
  for (const line of lines) {
    if (line.type === 'chunk') {
      const chunk = parseRecord(ChunkRecord, line);
      if (current === null) throw problem('order', line.number);
      if (current.chunks.length === current.record.chunks) throw problem('chunk-count', line.number);
      current.chunks.push({ id: chunk.id, size: chunk.size });
      current.bytes += chunk.size;
    } else if ((line.type === 'database' && files.length === 0 && current === null) || (line.type === 'media' && current !== null)) {
      close();
      const record = line.type === 'database' ? parseRecord(DatabaseRecord, line) : parseRecord(MediaRecord, line);
      current = { record, chunks: [], bytes: 0, line: line.number };
    } else {
      // A second header or database, or media before the database: the database must come first (§12).
      throw problem('order', line.number);
    }
  }
  if (current === null) throw problem('order', 2);
  close();

  const [database, ...media] = files as [ManifestFile<DatabaseRecord>, ...ManifestFile<MediaRecord>[]];
  checkTotals(header, files);
  return { header, database, media };
}

function checkTotals(header: SnapshotHeader, files: readonly ManifestFile<DatabaseRecord | MediaRecord>[]): void {
  let chunks = 0;
  let bytes = 0;
  for (const file of files) {
    chunks += file.chunks.length;
    bytes += file.record.size;
  }
  const { totals } = header;
  if (totals.files !== files.length || totals.chunks !== chunks || totals.bytes !== bytes) throw problem('totals', 1);
}

/** Lines as JSON objects with a known `type`; the manifest version is checked before anything else is. */
function* splitLines(plaintext: Uint8Array): Generator<Line> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(plaintext);
  } catch (error) {
    throw corrupt('manifest', { problem: 'utf-8' }, error);
  }
  if (text === '') throw problem('empty', 1);
  if (!text.endsWith('\n')) throw problem('newline', text.split('\n').length);
  const rows = text.split('\n');
  rows.pop();
  for (const [index, row] of rows.entries()) {
    const number = index + 1;
    const json = parseJsonObject(row, number);
    const type = json['type'];
    if (typeof type !== 'string') throw problem('record', number);
    if (!isRecordType(type)) {
      throw new AppError('BACKUP_FORMAT_UNSUPPORTED', undefined, { field: 'recordType', line: number, supported: RECORD_TYPES.join(',') });
    }
    if (type === 'snapshot' && json['version'] !== MANIFEST_VERSION) {
      const found = typeof json['version'] === 'number' ? json['version'] : -1;
      throw new AppError('BACKUP_FORMAT_UNSUPPORTED', undefined, { field: 'version', found, supported: MANIFEST_VERSION });
    }
    yield { number, type, json };
  }
}

function parseJsonObject(row: string, number: number): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(row);
  } catch (error) {
    throw corrupt('manifest', { problem: 'json', line: number }, error);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw problem('record', number);
  return json as Record<string, unknown>;
}

function parseRecord<S extends z.ZodType>(schema: S, line: Line): z.infer<S> {
  const parsed = schema.safeParse(line.json);
  if (!parsed.success) throw corrupt('manifest', { problem: 'fields', line: line.number, type: line.type });
  return parsed.data;
}

function isRecordType(value: string): value is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(value);
}

function problem(name: string, line: number): AppError {
  return corrupt('manifest', { problem: name, line });
}
