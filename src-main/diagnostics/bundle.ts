// The support bundle: one redacted JSON file a person can read before attaching it to an email.
// It holds versions, the state of the store and the backup in numbers and codes, what the
// repository says in clear (without slot labels, which people fill with names), a structural
// verify, and the journal. Never: message content, names, paths, keys or the recovery key.
import os from 'node:os';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.ts';
import { destinationOf, hasCachedKey, resolveLocation, type AnyLocation, type KeystoreOptions } from '../backup/backup-service.ts';
import { inspectRepository } from '../backup/engine/inspect.ts';
import { verifyStructure } from '../backup/engine/verify-structure.ts';
import type { JobContext } from '../jobs/jobs.ts';
import { readSettings } from '../services/profile-settings.ts';
import type { ProfilePaths } from '../store/profile.ts';
import { readTimeline } from './journal-reader.ts';

export interface BundleHost {
  readonly kind: 'electron' | 'web' | 'cli';
  readonly version: string;
  readonly electron?: string;
  readonly chromium?: string;
}

function codeOf(error: unknown): { readonly error: string } {
  return { error: error instanceof AppError ? error.code : 'INTERNAL_ERROR' };
}

function storeFacts(paths: ProfilePaths) {
  try {
    const db = new Database(paths.database, { readonly: true, fileMustExist: true });
    try {
      return { schemaVersion: db.pragma('user_version', { simple: true }) as number, bytes: statSync(paths.database).size };
    } finally {
      db.close();
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { error: typeof code === 'string' ? code : 'unknown' };
  }
}

async function repositoryFacts(paths: ProfilePaths, location: AnyLocation, options: KeystoreOptions, context: JobContext) {
  try {
    const destination = destinationOf(await resolveLocation(paths, location, options));
    const inspected = await inspectRepository(destination);
    const structure = await verifyStructure(destination, context);
    return {
      format: inspected.format,
      version: inspected.version,
      suite: inspected.suite,
      repositoryId: inspected.repositoryId,
      keyId: inspected.keyId,
      created: inspected.created,
      // Labels are left out: people name passkeys after themselves ("Ana's iPhone").
      slots: inspected.slots.map(({ kind, created, passkey }) => ({
        kind,
        created,
        ...(passkey === undefined
          ? {}
          : { transports: passkey.transports, aaguid: passkey.aaguid, backupEligible: passkey.backupEligible, backedUp: passkey.backedUp }),
      })),
      unreadableSlots: inspected.unreadableSlots.map(({ code, reason }) => ({ code, reason })),
      objects: inspected.objects,
      structure: { ok: structure.ok, checked: structure.checked, problems: structure.problems },
    };
  } catch (error) {
    return codeOf(error);
  }
}

export async function buildDiagnostics(
  paths: ProfilePaths,
  request: { readonly host: BundleHost; readonly location?: AnyLocation } & KeystoreOptions,
  context: JobContext,
) {
  const settings = readSettings(paths);
  const location = request.location ?? settings.backupRepository;
  return {
    format: 'companion-diagnostics',
    version: 1,
    generated: new Date().toISOString(),
    app: {
      version: request.host.version,
      host: request.host.kind,
      platform: process.platform,
      arch: process.arch,
      osRelease: os.release(),
      node: process.versions.node,
      electron: request.host.electron ?? null,
      chromium: request.host.chromium ?? null,
    },
    store: storeFacts(paths),
    backup: {
      configured: settings.backupRepository !== null,
      destination: location?.kind ?? null,
      keyCached: await hasCachedKey(paths, request),
      lastBackup:
        settings.lastBackup === null
          ? null
          : { finishedAt: settings.lastBackup.finishedAt, bytes: settings.lastBackup.bytes, newBytes: settings.lastBackup.newBytes },
    },
    repository: location === null ? null : await repositoryFacts(paths, location, request, context),
    journal: readTimeline(paths.dir, { limit: 50 }),
  };
}

/** The bundle as the file a person saves, and its name. */
export async function diagnosticsFile(
  ...args: Parameters<typeof buildDiagnostics>
): Promise<{ readonly fileName: string; readonly text: string }> {
  const bundle = await buildDiagnostics(...args);
  return { fileName: `companion-diagnostics-${bundle.generated.slice(0, 10)}.json`, text: `${JSON.stringify(bundle, null, 2)}\n` };
}
