// The records of a snapshot manifest (docs/backup-format.md §12), one JSON object per line. Unknown
// fields are ignored (zod strips them), as §16 requires for additions within version 1.
import { z } from 'zod';
import { MAX_CHUNK_BYTES } from './layout.ts';

export const MANIFEST_VERSION = 1;
export const RECORD_TYPES = ['snapshot', 'database', 'media', 'chunk'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

const hexId = z.string().regex(/^[0-9a-f]{32}$/);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const size = z.int().min(0);
/** UTC, millisecond precision, exactly what Date#toISOString writes (§1). */
const isoDate = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)));
const text = z.string().max(1024);

export const SnapshotHeader = z.object({
  type: z.literal('snapshot'),
  version: z.literal(MANIFEST_VERSION),
  snapshotId: hexId,
  created: isoDate,
  app: text,
  host: text,
  /** The previous snapshot of the same profile. */
  parent: hexId.nullable(),
  /** Lets restore show progress and an ETA from the start; checked against the records. */
  totals: z.object({ files: size, chunks: size, bytes: size }),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeader>;

export const DatabaseRecord = z.object({
  type: z.literal('database'),
  name: z.string().min(1).max(255),
  size,
  sha256: hex64,
  schemaVersion: size,
  chunks: size,
  /** What restore checks in the staging database before the swap. */
  counts: z.object({ chats: size, messages: size, attachments: size }),
});
export type DatabaseRecord = z.infer<typeof DatabaseRecord>;

export const MediaRecord = z.object({
  type: z.literal('media'),
  sha256: hex64,
  size,
  mime: z.string().min(1).max(255),
  chunks: size,
});
export type MediaRecord = z.infer<typeof MediaRecord>;

/** Chunks are never empty and never above 4 MiB (§9). */
export const ChunkRecord = z.object({ type: z.literal('chunk'), id: hex64, size: z.int().min(1).max(MAX_CHUNK_BYTES) });
export type ChunkRecord = z.infer<typeof ChunkRecord>;

export interface ManifestChunk {
  /** Chunk id, 64 hex characters. */
  readonly id: string;
  readonly size: number;
}

/** A database or media record and its chunks, in file order. */
export interface ManifestFile<R> {
  readonly record: R;
  readonly chunks: readonly ManifestChunk[];
}

export interface SnapshotManifest {
  readonly header: SnapshotHeader;
  readonly database: ManifestFile<DatabaseRecord>;
  readonly media: readonly ManifestFile<MediaRecord>[];
}
