// Snapshot manifests: listing them (each is decrypted: dates and sizes are not in clear) and reading one.
import { AppError, type ErrorCode } from '../../../src-shared/errors.ts';
import { parseManifest } from '../format/manifest-parser.ts';
import type { SnapshotManifest } from '../format/manifest-schema.ts';
import type { UnlockedRepository } from '../repository/repository.ts';
import { MANIFEST_READS_IN_FLIGHT, mapLimited } from './map-limited.ts';

export interface SnapshotSummary {
  readonly snapshotId: string;
  readonly created: string;
  readonly parent: string | null;
  readonly files: number;
  readonly bytes: number;
  readonly counts: { readonly chats: number; readonly messages: number; readonly attachments: number };
}

export async function readManifest(repository: UnlockedRepository, snapshotId: string): Promise<SnapshotManifest> {
  const manifest = parseManifest(await repository.readObject('snapshot', snapshotId));
  // The object id is bound in the encryption (§6); this catches a manifest written under the wrong id.
  if (manifest.header.snapshotId !== snapshotId) {
    throw new AppError('BACKUP_OBJECT_MISMATCH', undefined, { field: 'snapshotId', object: snapshotId });
  }
  return manifest;
}

export function summarize(manifest: SnapshotManifest): SnapshotSummary {
  const { header, database } = manifest;
  return {
    snapshotId: header.snapshotId,
    created: header.created,
    parent: header.parent,
    files: header.totals.files,
    bytes: header.totals.bytes,
    counts: database.record.counts,
  };
}

/** Every snapshot, oldest first. */
export async function listSnapshots(repository: UnlockedRepository): Promise<SnapshotSummary[]> {
  const ids = await repository.listObjects('snapshot');
  const summaries = await mapLimited(ids, MANIFEST_READS_IN_FLIGHT, async (id) => summarize(await readManifest(repository, id)));
  return summaries.sort(byCreated);
}

export interface UnreadableSnapshot {
  readonly snapshotId: string;
  readonly error: AppError;
}

/**
 * The snapshots that can be read, oldest first, and those that cannot (damaged, cut short, or not
 * this repository's). For a person choosing what to restore: one bad manifest must not hide the
 * rest. Prune and the default choice below stay strict: a snapshot that cannot be read may be the
 * newest, or may need packs that only it references.
 */
export async function listReadableSnapshots(
  repository: UnlockedRepository,
): Promise<{ readonly snapshots: SnapshotSummary[]; readonly unreadable: UnreadableSnapshot[] }> {
  // One outcome per snapshot, in listing order, whichever read finishes first.
  const outcomes = await mapLimited(await repository.listObjects('snapshot'), MANIFEST_READS_IN_FLIGHT, async (id) => {
    try {
      return summarize(await readManifest(repository, id));
    } catch (error) {
      if (!(error instanceof AppError) || !UNREADABLE_CODES.has(error.code)) throw error;
      return { snapshotId: id, error } satisfies UnreadableSnapshot;
    }
  });
  const snapshots: SnapshotSummary[] = [];
  const unreadable: UnreadableSnapshot[] = [];
  for (const outcome of outcomes) {
    if ('error' in outcome) unreadable.push(outcome);
    else snapshots.push(outcome);
  }
  return { snapshots: snapshots.sort(byCreated), unreadable };
}

/** What the CLI's `snapshots` and IPC's listBackupSnapshots answer: the readable ones, the others by code. */
export async function snapshotListing(
  repository: UnlockedRepository,
): Promise<{ snapshots: SnapshotSummary[]; unreadableSnapshots: { snapshotId: string; code: ErrorCode }[] }> {
  const { snapshots, unreadable } = await listReadableSnapshots(repository);
  return { snapshots, unreadableSnapshots: byCode(unreadable) };
}

/** The unreadable snapshots as the IPC contract and the CLI show them: each by its catalogue code. */
export function byCode(unreadable: readonly UnreadableSnapshot[]): { snapshotId: string; code: ErrorCode }[] {
  return unreadable.map(({ snapshotId, error }) => ({ snapshotId, code: error.code }));
}

/** A listing that named unreadable snapshots is still a failure for a script: printed, then reported. */
export function unreadableFailure(listing: {
  readonly unreadableSnapshots: readonly { snapshotId: string; code: ErrorCode }[];
}): AppError | null {
  const first = listing.unreadableSnapshots[0];
  if (first === undefined) return null;
  const count = listing.unreadableSnapshots.length;
  return new AppError(first.code, `${count} backup(s) could not be read; the first is snapshots/${first.snapshotId}.`, {
    unreadable: count,
    snapshotId: first.snapshotId,
  });
}

/** What a damaged manifest fails with; anything else (an unreachable destination) fails the listing. */
const UNREADABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BACKUP_OBJECT_CORRUPT',
  'BACKUP_OBJECT_TRUNCATED',
  'BACKUP_OBJECT_MISMATCH',
  'BACKUP_OBJECT_MISSING',
  'BACKUP_FORMAT_UNSUPPORTED',
]);

function byCreated(a: SnapshotSummary, b: SnapshotSummary): number {
  return a.created.localeCompare(b.created) || a.snapshotId.localeCompare(b.snapshotId);
}

/** The snapshot asked for, or the newest one. */
export async function chooseSnapshot(repository: UnlockedRepository, snapshotId?: string): Promise<SnapshotManifest> {
  const ids = await repository.listObjects('snapshot');
  if (snapshotId !== undefined) {
    if (!ids.includes(snapshotId)) throw new AppError('BACKUP_SNAPSHOT_NOT_FOUND', undefined, { snapshotId });
    return readManifest(repository, snapshotId);
  }
  const newest = (await listSnapshots(repository)).at(-1);
  if (newest === undefined) throw new AppError('BACKUP_NO_SNAPSHOTS');
  return readManifest(repository, newest.snapshotId);
}
