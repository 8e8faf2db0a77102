// `unlockBackup` with a passkey (restore on a new computer): the ceremony must have been issued by
// startPasskeyUnlock for this very location; the assertion is verified against the slot's public key,
// and the PRF output unwraps BK. The caller owns (and closes) the unlocked repository.
import type { z } from 'zod';
import type { AnyLocation } from '../backup/backup-service.ts';
import type { PasskeyUnlock } from '../../src-shared/passkey-contract.ts';
import type { UnlockedRepository } from '../backup/repository/repository.ts';
import type { AppContext } from '../services/app-context.ts';
import { recordVerified } from './profile-repository.ts';
import { completePasskeyUnlock } from './unlock-ceremony.ts';

export async function unlockRepositoryWithPasskey(
  context: AppContext,
  location: AnyLocation,
  unlock: z.infer<typeof PasskeyUnlock>,
): Promise<UnlockedRepository> {
  const { repository, slot } = await completePasskeyUnlock(context, location, unlock);
  recordVerified(context, slot.slotId);
  return repository;
}
