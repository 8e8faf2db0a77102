// Settings → Account → Security: the profile's passkeys as the keyring holds them, authenticated with
// the cached BK, so a slot someone slipped into the folder is never listed as one of "your passkeys".
import type { z } from 'zod';
import type { SecuritySettings } from '../../src-shared/passkey-contract.ts';
import type { AppContext } from '../services/app-context.ts';
import { openProfileRepository, passkeySlots, profileLocation, summaryOf } from './profile-repository.ts';
import { relyingPartyOf } from './relying-party.ts';

export async function getSecuritySettings(context: AppContext): Promise<z.infer<typeof SecuritySettings>> {
  const { rpId } = relyingPartyOf(context.host);
  if (profileLocation(context) === null) {
    return { backupConfigured: false, passkeys: [], recoverySlots: 0, allDeviceBound: false, rpId };
  }
  const { repository } = await openProfileRepository(context);
  try {
    const { slots } = await repository.slots();
    const passkeys = passkeySlots(slots)
      .map((slot) => summaryOf(context, slot))
      .sort((a, b) => a.created.localeCompare(b.created) || a.slotId.localeCompare(b.slotId));
    return {
      backupConfigured: true,
      passkeys,
      recoverySlots: slots.filter((slot) => slot.kind === 'recovery').length,
      allDeviceBound: passkeys.length > 0 && passkeys.every((passkey) => !passkey.synced),
      rpId,
    };
  } finally {
    repository.close();
  }
}
