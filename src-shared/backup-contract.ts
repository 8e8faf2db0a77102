// The backup calls of the IPC contract (merged into `contract` in contract.ts). Results carry only
// what the UI shows: ids, dates, sizes, counts, codes. The recovery key crosses exactly twice: out of
// setUpBackup once, to be shown, and into unlockBackup when the person types it.
import { z } from 'zod';
import { BackupLocation, BackupLocationView, operationId } from './common-schemas.ts';
import { PasskeyUnlock } from './passkey-contract.ts';

export { BackupLocation, BackupLocationView } from './common-schemas.ts';

const count = z.int().nonnegative();
const bytes = z.number().nonnegative();
const hexId = z.string().regex(/^[0-9a-f]{32}$/);

const unlockSessionId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** Typed by a person: generous about length (spaces, dashes), strict parsing happens in main. */
const recoveryKeyText = z.string().min(1).max(200);

export const BackupStatus = z.strictObject({
  location: BackupLocationView.nullable(),
  /** This computer holds the backup key, so backups need no prompt. */
  keyCached: z.boolean(),
  lastBackup: z.strictObject({ snapshotId: hexId, finishedAt: z.string(), bytes, newBytes: bytes }).nullable(),
});

export const BackupResult = z.strictObject({
  snapshotId: hexId,
  created: z.string(),
  files: count,
  bytesScanned: bytes,
  chunks: count,
  newChunks: count,
  bytesWritten: bytes,
  mediaMissing: count,
  seconds: z.number().nonnegative(),
});

export const SnapshotSummary = z.strictObject({
  snapshotId: hexId,
  created: z.string(),
  parent: hexId.nullable(),
  files: count,
  bytes,
  counts: z.strictObject({ chats: count, messages: count, attachments: count }),
});

export const RestoreResult = z.strictObject({
  snapshotId: hexId,
  created: z.string(),
  chats: count,
  messages: count,
  mediaFiles: count,
  bytes,
  resumed: z.boolean(),
  seconds: z.number().nonnegative(),
});

/** Snapshots whose manifest could not be read (damaged, cut short), with the catalogue code; the others still can. */
const UnreadableSnapshots = z.array(z.strictObject({ snapshotId: hexId, code: z.string() }));

/** What a repository holds that this key can read, and what it could not read. */
export const SnapshotListing = z.strictObject({
  snapshots: z.array(SnapshotSummary),
  unreadableSnapshots: UnreadableSnapshots,
});

/** An unlocked backup to restore from: the session main keeps, and what can be restored. */
export const UnlockedBackup = z.strictObject({
  sessionId: unlockSessionId,
  snapshots: z.array(SnapshotSummary),
  unreadableSnapshots: UnreadableSnapshots,
});

export const VerifyReport = z.strictObject({
  mode: z.enum(['structure', 'full']),
  ok: z.boolean(),
  repositoryId: hexId,
  checked: z.record(z.string(), count),
  problems: z.array(z.strictObject({ object: z.string(), code: z.string(), reason: z.string().nullable() })),
});

export const PruneResult = z.strictObject({
  snapshotsKept: count,
  snapshotsRemoved: count,
  packsRemoved: count,
  packsRepacked: count,
  indexesRemoved: count,
  bytesFreed: bytes,
});

const objectCount = z.strictObject({ count, bytes });
export const InspectReport = z.strictObject({
  format: z.string(),
  version: count,
  suite: count,
  repositoryId: hexId,
  keyId: hexId,
  created: z.string(),
  slots: z.array(
    z.strictObject({
      slotId: hexId,
      kind: z.enum(['recovery', 'passkey']),
      label: z.string(),
      created: z.string(),
      passkey: z
        .strictObject({
          rpId: z.string(),
          credentialId: z.string(),
          transports: z.array(z.string()),
          aaguid: z.string(),
          backupEligible: z.boolean(),
          backedUp: z.boolean(),
        })
        .optional(),
    }),
  ),
  unreadableSlots: z.array(z.strictObject({ slotId: z.string(), code: z.string(), reason: z.string() })),
  objects: z.strictObject({ pack: objectCount, index: objectCount, snapshot: objectCount, lock: objectCount }),
  note: z.string(),
});

export const BackupSchedule = z.strictObject({
  frequency: z.enum(['daily', 'weekly', 'monthly', 'off']),
  includeMedia: z.boolean(),
  /** Snapshots kept after each scheduled backup; null keeps every one. */
  keep: z.int().min(1).max(10_000).nullable(),
});

export const ScheduleStatus = z.strictObject({
  schedule: BackupSchedule,
  /** Scheduled backups that failed since the last success, and the latest reason. */
  failures: z.strictObject({ count: z.int().min(1), last: z.string(), code: z.string() }).nullable(),
  /** Failed often enough that the app shows a notice until a backup succeeds. */
  notice: z.boolean(),
});

export const DestinationCheck = z.strictObject({
  /** e.g. `folder /media/backup` or `s3 bucket/prefix at host`; never a secret. */
  description: z.string(),
  /** What is there already: a Companion repository, nothing, or other files (refused by setUpBackup). */
  contents: z.enum(['repository', 'empty', 'other']),
});

export const BackupHistory = z.strictObject({
  /** Newest first. `newBytes`: what this snapshot added to the destination; null when not recorded. */
  snapshots: z.array(
    z.strictObject({
      snapshotId: hexId,
      created: z.string(),
      bytes,
      newBytes: bytes.nullable(),
      counts: z.strictObject({ chats: count, messages: count, attachments: count }),
    }),
  ),
  /** Not in `snapshots`. */
  unreadableSnapshots: UnreadableSnapshots,
  lastSuccess: z.strictObject({ at: z.string(), snapshotId: hexId }).nullable(),
  /** The latest failed backup (manual or scheduled) since the last success. */
  lastFailure: z.strictObject({ at: z.string(), code: z.string(), scheduled: z.boolean() }).nullable(),
  /**
   * Why the snapshots could not be listed (destination unreachable, key missing); `snapshots` is then
   * empty. Not an error of the call: that is when the last failure matters most.
   */
  snapshotsError: z.strictObject({ code: z.string() }).nullable(),
});

export const backupCalls = {
  getBackupStatus: { input: z.strictObject({}), output: BackupStatus },
  getBackupSchedule: { input: z.strictObject({}), output: ScheduleStatus },
  /** This profile's repository: snapshots with sizes, last success and last failure. */
  getBackupHistory: { input: z.strictObject({}), output: BackupHistory },
  /**
   * Reaches the destination, lists it and writes then deletes a probe object, without creating a
   * repository. Fails with the code that names what is wrong (DNS, TLS, credentials, bucket, permission).
   */
  testBackupDestination: { input: z.strictObject({ location: BackupLocation }), output: DestinationCheck },
  /** Desktop app only (getAppInfo.canPickFiles): the native folder picker; null when cancelled. */
  pickBackupFolder: { input: z.strictObject({}), output: z.strictObject({ path: z.string().nullable() }) },
  setBackupSchedule: { input: BackupSchedule, output: ScheduleStatus },
  /** Creates the repository and BK; the output is the only time the recovery key is shown. */
  setUpBackup: {
    input: z.strictObject({ location: BackupLocation }),
    output: z.strictObject({ repositoryId: hexId, recoveryKey: z.string(), keystoreWarning: z.string().nullable() }),
  },
  backUpNow: { input: z.strictObject({ operationId: operationId.optional() }), output: BackupResult },
  /** The snapshots of this profile's repository (or `location`), with the key this computer holds; a damaged one is named, not fatal. */
  listBackupSnapshots: { input: z.strictObject({ location: BackupLocation.optional() }), output: SnapshotListing },
  /**
   * Unlocks a backup to restore from (a new computer): with the recovery key or a passkey ceremony.
   * Main keeps the unlocked repository for a few minutes under `sessionId`; the renderer gets only the snapshot list.
   */
  unlockBackup: {
    input: z.strictObject({
      location: BackupLocation,
      unlock: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('recovery-key'), recoveryKey: recoveryKeyText }),
        PasskeyUnlock.extend({ kind: z.literal('passkey') }),
      ]),
    }),
    output: UnlockedBackup,
  },
  restoreBackup: {
    input: z.strictObject({ sessionId: unlockSessionId, snapshotId: hexId.optional(), operationId: operationId.optional() }),
    output: RestoreResult,
  },
  verifyBackup: {
    input: z.strictObject({ location: BackupLocation.optional(), full: z.boolean(), operationId: operationId.optional() }),
    output: VerifyReport,
  },
  inspectBackup: { input: z.strictObject({ location: BackupLocation }), output: InspectReport },
  pruneBackups: {
    input: z.strictObject({ keep: z.int().min(1).max(10_000), operationId: operationId.optional() }),
    output: PruneResult,
  },
} as const;
