// Locations as the profile keeps them, as the renderer and the CLI give them, and as a destination
// needs them. An S3 location arrives with its secret the first time; it is then kept in the profile
// keystore, and a location that arrives without one uses the saved secret only when it is for the
// same endpoint, bucket and access key id: a secret is never sent to a server it was not entered for.
import path from 'node:path';
import type { BackupLocation, BackupLocationView } from '../../src-shared/common-schemas.ts';
import { AppError } from '../../src-shared/errors.ts';
import type { OsSecretSealer } from '../crypto/os-keystore.ts';
import { openS3SecretStore, type S3SecretStore } from '../crypto/s3-secret-store.ts';
import type { RepositoryLocation } from '../services/profile-settings.ts';
import type { ConnectedLocation } from './destination/open-destination.ts';

export type { ConnectedLocation } from './destination/open-destination.ts';

type AnyLocation = BackupLocation | RepositoryLocation | ConnectedLocation;

export function secretStoreOf(profileDir: string, sealer?: OsSecretSealer): S3SecretStore {
  return openS3SecretStore(profileDir, sealer);
}

/** The location without its secret: what settings.json and the renderer may hold. */
export function storedLocation(location: AnyLocation): RepositoryLocation {
  return location.kind === 'folder' ? { kind: 'folder', path: location.path } : s3Fields(location);
}

function s3Fields(location: Extract<AnyLocation, { kind: 's3' }>): Extract<RepositoryLocation, { kind: 's3' }> {
  const { endpoint, region, bucket, prefix, pathStyle, accessKeyId } = location;
  return { kind: 's3', endpoint, region, bucket, prefix, pathStyle, accessKeyId };
}

function normalPrefix(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}

/** The same repository, whatever secret either side carries. */
export function sameLocation(a: AnyLocation, b: AnyLocation): boolean {
  if (a.kind === 'folder' || b.kind === 'folder') {
    return a.kind === 'folder' && b.kind === 'folder' && path.resolve(a.path) === path.resolve(b.path);
  }
  return (
    a.endpoint === b.endpoint &&
    a.bucket === b.bucket &&
    normalPrefix(a.prefix) === normalPrefix(b.prefix) &&
    a.pathStyle === b.pathStyle &&
    a.region === b.region &&
    a.accessKeyId === b.accessKeyId
  );
}

function secretFits(saved: { endpoint: string; bucket: string; accessKeyId: string }, location: AnyLocation): boolean {
  return (
    location.kind === 's3' &&
    saved.endpoint === location.endpoint &&
    saved.bucket === location.bucket &&
    saved.accessKeyId === location.accessKeyId
  );
}

/** A location with its secret: the one given, else the saved one if it fits (S3_SECRET_NOT_SAVED otherwise). */
export async function connectLocation(location: AnyLocation, saved: S3SecretStore | null): Promise<ConnectedLocation> {
  if (location.kind === 'folder') return { kind: 'folder', path: location.path };
  if ('secretAccessKey' in location && location.secretAccessKey !== undefined) {
    return { ...s3Fields(location), secretAccessKey: location.secretAccessKey };
  }
  const secret = saved === null ? null : await saved.load();
  if (secret === null) throw new AppError('S3_SECRET_NOT_SAVED', undefined, { reason: 'none' });
  if (!secretFits(secret, location)) throw new AppError('S3_SECRET_NOT_SAVED', undefined, { reason: 'other-location' });
  return { ...s3Fields(location), secretAccessKey: secret.secretAccessKey };
}

/** Keeps an S3 location's secret in the keystore, so scheduled backups need no prompt. */
export async function saveSecret(store: S3SecretStore, location: ConnectedLocation): Promise<void> {
  if (location.kind !== 's3') return;
  const { endpoint, bucket, accessKeyId, secretAccessKey } = location;
  await store.save({ endpoint, bucket, accessKeyId, secretAccessKey });
}

/** What getBackupStatus reports: the stored location and whether this computer holds its secret. */
export async function locationView(location: RepositoryLocation | null, store: S3SecretStore): Promise<BackupLocationView | null> {
  if (location === null || location.kind === 'folder') return location;
  const saved = await store.load();
  return { ...location, secretSaved: saved !== null && secretFits(saved, location) };
}
