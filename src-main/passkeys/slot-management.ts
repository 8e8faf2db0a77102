// Settings → Security actions on existing passkey slots. "Test passkey" unlocks without restoring,
// records when, and moves the slot to a fresh PRF salt when the assertion evaluated one (`second`).
// Renaming re-wraps, because the label is bound into the slot. A replaced slot is written first and
// the old one removed after, under an exclusive lock, so a crash leaves two working slots, never none.
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors.ts';
import type { passkeyCalls, PasskeySummary } from '../../src-shared/passkey-contract.ts';
import { resolveLocation } from '../backup/backup-service.ts';
import { isCode } from '../backup/repository/keyring-store.ts';
import type { UnlockedRepository } from '../backup/repository/repository.ts';
import { idToHex, newId } from '../crypto/ids.ts';
import type { PasskeySlotHeader } from '../crypto/slot-header.ts';
import { zero } from '../crypto/sodium.ts';
import type { AppContext } from '../services/app-context.ts';
import type { IssuedSalt } from './ceremonies.ts';
import { forgetVerified, openProfileRepository, passkeySlots, recordVerified, summaryOf, withExclusiveLock } from './profile-repository.ts';
import { prfBytes } from './prf.ts';
import { getSecuritySettings } from './security-settings.ts';
import { completePasskeyUnlock, type PasskeyUnlockInput, type VerifiedUnlock } from './unlock-ceremony.ts';
import { verificationFailed } from './verify.ts';

type Input<K extends keyof typeof passkeyCalls> = z.infer<(typeof passkeyCalls)[K]['input']>;
type Summary = z.infer<typeof PasskeySummary>;

/** Unlocks the profile's repository through a passkey ceremony started without a location. */
async function unlockProfileWithPasskey(context: AppContext, unlock: PasskeyUnlockInput): Promise<VerifiedUnlock> {
  // Only the location comes from the profile: the passkey itself must open the repository.
  const location = await resolveLocation(context.paths, undefined, { sealer: context.host.keystore });
  return completePasskeyUnlock(context, location, unlock);
}

export async function testPasskey(context: AppContext, unlock: Input<'testPasskey'>): Promise<Summary> {
  const { repository, slot, issued } = await unlockProfileWithPasskey(context, unlock);
  try {
    const next = rotationSecret(issued, unlock.prf.second);
    if (next === null) {
      recordVerified(context, slot.slotId);
      return summaryOf(context, slot);
    }
    try {
      const replaced = await replaceSlot(context, repository, slot, { prfSalt: next.salt }, next.secret);
      return summaryOf(context, replaced);
    } catch (error) {
      // Rotation is opportunistic: while a backup holds the repository, the test still counts.
      if (!isCode(error, 'BACKUP_REPOSITORY_BUSY')) throw error;
      recordVerified(context, slot.slotId);
      return summaryOf(context, slot);
    } finally {
      zero(next.secret);
    }
  } finally {
    repository.close();
  }
}

export async function renamePasskey(context: AppContext, input: Input<'renamePasskey'>): Promise<Summary> {
  const { slotId, label, ...unlock } = input;
  const { repository, slot, issued } = await unlockProfileWithPasskey(context, unlock);
  try {
    if (slot.slotId !== slotId) throw verificationFailed('credential');
    // Rename and rotate in one go when the assertion evaluated a fresh salt; else keep the salt.
    const next = rotationSecret(issued, unlock.prf.second);
    const secret = next?.secret ?? prfBytes(unlock.prf.first);
    try {
      const replaced = await replaceSlot(context, repository, slot, { label, prfSalt: next?.salt ?? slot.prfSalt }, secret);
      return summaryOf(context, replaced);
    } finally {
      zero(secret);
    }
  } finally {
    repository.close();
  }
}

/** Refuses to remove the last authentic slot, whatever its kind (the format also keeps one recovery slot). */
export async function removePasskey(context: AppContext, { slotId }: Input<'removePasskey'>) {
  const { repository } = await openProfileRepository(context);
  try {
    const { slots } = await repository.slots();
    const target = passkeySlots(slots).find((slot) => slot.slotId === slotId);
    if (target === undefined) throw new AppError('PASSKEY_NOT_FOUND', undefined, { reason: 'no-slot' });
    if (!slots.some((slot) => slot.slotId !== slotId)) throw new AppError('PASSKEY_LAST_UNLOCK_METHOD', undefined, { slotId });
    await withExclusiveLock(context, repository, 'remove-passkey', (lock) => repository.removeSlot(slotId, lock));
    forgetVerified(context, slotId);
  } finally {
    repository.close();
  }
  return getSecuritySettings(context);
}

/** The PRF output for the fresh salt, when this ceremony issued one and the authenticator evaluated it. */
function rotationSecret(issued: IssuedSalt, second: string | undefined): { salt: string; secret: Buffer } | null {
  if (issued.second === undefined || second === undefined) return null;
  return { salt: issued.second, secret: prfBytes(second) };
}

/**
 * Writes the slot again with `changes` (new slot id; same credential, public key, flags and enrolment
 * date), confirmed by addSlot's read-back, then removes the old one under an exclusive lock.
 */
async function replaceSlot(
  context: AppContext,
  repository: UnlockedRepository,
  old: PasskeySlotHeader,
  changes: { readonly label?: string; readonly prfSalt: string },
  secret: Uint8Array,
): Promise<PasskeySlotHeader> {
  const header: PasskeySlotHeader = { ...old, ...changes, slotId: idToHex(newId()) };
  await withExclusiveLock(context, repository, 'replace-passkey-slot', async (lock) => {
    await repository.addSlot(header, secret);
    await repository.removeSlot(old.slotId, lock);
  });
  recordVerified(context, header.slotId, old.slotId);
  return header;
}
