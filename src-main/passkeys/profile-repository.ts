// The repositories passkey calls work on: the profile's own (unlocked with the BK this computer
// caches), or a location someone pointed at (a new computer: nothing cached, only clear headers).
import type { z } from 'zod';
import type { PasskeySummary } from '../../src-shared/passkey-contract.ts';
import { destinationOf, resolveLocation, unlock, type ConnectedLocation } from '../backup/backup-service.ts';
import { openRepository, type LockedRepository, type RepositoryLock, type UnlockedRepository } from '../backup/repository/repository.ts';
import type { PasskeySlotHeader, SlotHeader } from '../crypto/slot-header.ts';
import type { AppContext } from '../services/app-context.ts';
import { readSettings, updateSettings, type RepositoryLocation } from '../services/profile-settings.ts';

export interface ProfileRepository {
  readonly location: ConnectedLocation;
  readonly locked: LockedRepository;
  /** Close it when done: it holds BK. */
  readonly repository: UnlockedRepository;
}

/** BACKUP_NOT_CONFIGURED without a repository, BACKUP_KEY_NOT_AVAILABLE without a cached BK. */
export async function openProfileRepository(context: AppContext): Promise<ProfileRepository> {
  const location = await resolveLocation(context.paths, undefined, { sealer: context.host.keystore });
  const locked = await openRepository(destinationOf(location));
  const repository = await unlock(locked, { kind: 'cached', paths: context.paths }, { sealer: context.host.keystore });
  return { location, locked, repository };
}

export function openLocation(location: ConnectedLocation): Promise<LockedRepository> {
  return openRepository(destinationOf(location));
}

export { sameLocation } from '../backup/backup-location.ts';

/** The profile's location if it has one, else null (never throws). */
export function profileLocation(context: AppContext): RepositoryLocation | null {
  return readSettings(context.paths).backupRepository;
}

export function passkeySlots(slots: readonly SlotHeader[]): PasskeySlotHeader[] {
  return slots.filter((slot): slot is PasskeySlotHeader => slot.kind === 'passkey');
}

export function summaryOf(context: AppContext, slot: PasskeySlotHeader): z.infer<typeof PasskeySummary> {
  return {
    slotId: slot.slotId,
    label: slot.label,
    synced: slot.backedUp,
    backupEligible: slot.backupEligible,
    transports: [...slot.transports],
    aaguid: slot.aaguid,
    created: slot.created,
    lastVerified: readSettings(context.paths).passkeyVerified[slot.slotId] ?? null,
  };
}

/** Records a successful unlock or test on this computer; `replaces` is a slot id that no longer exists. */
export function recordVerified(context: AppContext, slotId: string, replaces?: string): void {
  const now = new Date().toISOString();
  updateSettings(context.paths, (settings) => {
    const passkeyVerified = { ...settings.passkeyVerified, [slotId]: now };
    if (replaces !== undefined && replaces !== slotId) delete passkeyVerified[replaces];
    return { ...settings, passkeyVerified };
  });
}

export function forgetVerified(context: AppContext, slotId: string): void {
  updateSettings(context.paths, (settings) => {
    const passkeyVerified = { ...settings.passkeyVerified };
    delete passkeyVerified[slotId];
    return { ...settings, passkeyVerified };
  });
}

/** Runs `work` under an exclusive repository lock (slot removal needs one, §13). */
export async function withExclusiveLock<T>(
  context: AppContext,
  repository: UnlockedRepository,
  operation: string,
  work: (lock: RepositoryLock) => Promise<T>,
): Promise<T> {
  const lock = await repository.acquireLock('exclusive', operation, { hostId: readSettings(context.paths).hostId });
  try {
    return await work(lock);
  } finally {
    await lock.release();
  }
}
