// Small per-profile settings that are not secrets: where backups go, this profile's host id for
// repository locks, and the last backup. Written atomically (tmp + rename) so a crash never leaves
// half a file. Secrets (the backup key, an S3 secret) live in the keystore, never here.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { S3Location } from '../../src-shared/common-schemas.ts';
import type { ProfilePaths } from '../store/profile.ts';

/** Where the profile backs up, as stored: an S3 location without its secret (that is in the keystore). */
const RepositoryLocation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('folder'), path: z.string().min(1) }),
  S3Location.omit({ secretAccessKey: true }),
]);
export type RepositoryLocation = z.infer<typeof RepositoryLocation>;

const LastBackup = z.strictObject({
  snapshotId: z.string(),
  finishedAt: z.string(),
  bytes: z.number().nonnegative(),
  newBytes: z.number().nonnegative(),
});
export type LastBackup = z.infer<typeof LastBackup>;

const Schedule = z.strictObject({
  frequency: z.enum(['daily', 'weekly', 'monthly', 'off']),
  includeMedia: z.boolean(),
  /** Snapshots to keep after each scheduled backup; null keeps them all. */
  keep: z.int().min(1).nullable(),
});
export type BackupSchedule = z.infer<typeof Schedule>;

/** Failures of scheduled backups since the last success (the app's notice, the scheduler's backoff). */
const Failures = z.strictObject({ count: z.int().min(1), last: z.string(), code: z.string() });

/** The latest failed backup, manual or scheduled, since the last success (the history shows it). */
const LastFailure = z.strictObject({ at: z.string(), code: z.string(), scheduled: z.boolean() });
export type LastFailure = z.infer<typeof LastFailure>;

const Settings = z.object({
  hostId: z.string().regex(/^[a-f0-9]{32}$/),
  backupRepository: RepositoryLocation.nullable().default(null),
  lastBackup: LastBackup.nullable().default(null),
  schedule: Schedule.default({ frequency: 'daily', includeMedia: true, keep: null }),
  backupFailures: Failures.nullable().default(null),
  lastFailure: LastFailure.nullable().default(null),
  /** Snapshot id → bytes that backup added to the destination (bounded: backup-outcome.ts). */
  snapshotNewBytes: z.record(z.string().regex(/^[a-f0-9]{32}$/), z.number().nonnegative()).default({}),
  /** Passkey slot id → when this computer last unlocked or tested with it (ISO date). */
  passkeyVerified: z.record(z.string().regex(/^[a-f0-9]{32}$/), z.string()).default({}),
});
export type ProfileSettings = z.infer<typeof Settings>;

function settingsFile(paths: Pick<ProfilePaths, 'dir'>): string {
  return path.join(paths.dir, 'settings.json');
}

export function readSettings(paths: Pick<ProfilePaths, 'dir'>): ProfileSettings {
  try {
    return Settings.parse(JSON.parse(readFileSync(settingsFile(paths), 'utf8')));
  } catch {
    // Missing or unreadable: start afresh. Nothing here is irreplaceable (the repository is the truth).
    const fresh: ProfileSettings = Settings.parse({ hostId: randomBytes(16).toString('hex') });
    writeSettings(paths, fresh);
    return fresh;
  }
}

export function writeSettings(paths: Pick<ProfilePaths, 'dir'>, settings: ProfileSettings): void {
  const file = settingsFile(paths);
  const temp = `${file}.tmp-${randomBytes(8).toString('hex')}`;
  writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

export function updateSettings(paths: Pick<ProfilePaths, 'dir'>, change: (settings: ProfileSettings) => ProfileSettings): ProfileSettings {
  const next = change(readSettings(paths));
  writeSettings(paths, next);
  return next;
}
