// Unlocking with a passkey: main issues get() options over every passkey slot of a repository (each
// credential evaluates its own slot's salt, and, for the profile's repository, a fresh salt to rotate
// to), then takes the answer apart in a fixed order: the ceremony (once, unexpired, this repository),
// the credential (one we asked), the assertion (library-verified against the slot's public key),
// and only then the PRF output, which must unwrap that slot.
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors.ts';
import type { PasskeyUnlock, passkeyCalls } from '../../src-shared/passkey-contract.ts';
import type { LockedRepository, UnlockedRepository } from '../backup/repository/repository.ts';
import type { PasskeySlotHeader } from '../crypto/slot-header.ts';
import { zero } from '../crypto/sodium.ts';
import type { AppContext } from '../services/app-context.ts';
import { resolveLocation, type AnyLocation, type ConnectedLocation } from '../backup/backup-service.ts';
import { fresh32, type IssuedSalt, type UnlockCeremony } from './ceremonies.ts';
import { requestOptions, type RequestSlot } from './options.ts';
import { openLocation, openProfileRepository, passkeySlots, sameLocation } from './profile-repository.ts';
import { prfBytes } from './prf.ts';
import { relyingPartyOf } from './relying-party.ts';
import { verificationFailed, verifyAssertion, type VerifiedAssertion } from './verify.ts';

export type PasskeyUnlockInput = z.infer<typeof PasskeyUnlock>;
type Output = z.infer<(typeof passkeyCalls)['startPasskeyUnlock']['output']>;

/**
 * Options for get(). Without `location`: the profile's repository, its slots authenticated with the
 * cached BK, and a rotation salt per slot. With one (a new computer): the slots as stored, unrotated.
 */
export async function startPasskeyUnlock(context: AppContext, location: AnyLocation | undefined): Promise<Output> {
  const { rpId } = relyingPartyOf(context.host);
  let target: ConnectedLocation;
  let repositoryId: string;
  let slots: PasskeySlotHeader[];
  let rotate: boolean;
  if (location === undefined) {
    const profile = await openProfileRepository(context);
    try {
      target = profile.location;
      repositoryId = profile.repository.config.repositoryId;
      slots = passkeySlots((await profile.repository.slots()).slots);
      rotate = true;
    } finally {
      profile.repository.close();
    }
  } else {
    target = await resolveLocation(context.paths, location, { sealer: context.host.keystore });
    const locked = await openLocation(target);
    repositoryId = locked.config.repositoryId;
    slots = passkeySlots(locked.slots);
    rotate = false;
  }
  const usable = oneSlotPerCredential(slots.filter((slot) => slot.rpId === rpId));
  if (usable.length === 0) {
    throw new AppError('PASSKEY_NOT_FOUND', undefined, { reason: slots.length === 0 ? 'no-slots' : 'rp-id', slots: slots.length });
  }
  const request: RequestSlot[] = usable.map((slot) => (rotate ? { slot, next: fresh32() } : { slot }));
  const challenge = fresh32();
  const salts = new Map<string, IssuedSalt>();
  for (const { slot, next } of request) {
    salts.set(
      slot.credentialId,
      next === undefined ? { slotId: slot.slotId, first: slot.prfSalt } : { slotId: slot.slotId, first: slot.prfSalt, second: next },
    );
  }
  const ceremonyId = context.ceremonies.issue({ purpose: 'unlock', location: target, repositoryId, challenge, salts });
  return { ceremonyId, request: requestOptions(rpId, challenge, request) };
}

export interface VerifiedUnlock {
  readonly ceremony: UnlockCeremony;
  readonly issued: IssuedSalt;
  readonly slot: PasskeySlotHeader;
  readonly locked: LockedRepository;
  /** BK recovered through the passkey slot; the caller closes it. */
  readonly repository: UnlockedRepository;
  readonly assertion: VerifiedAssertion;
}

/** Verifies a finished unlock ceremony for `location` and unwraps its slot with `unlock.prf.first`. */
export async function completePasskeyUnlock(
  context: AppContext,
  location: AnyLocation,
  unlock: PasskeyUnlockInput,
): Promise<VerifiedUnlock> {
  const ceremony = context.ceremonies.take(unlock.ceremonyId, 'unlock');
  if (!sameLocation(ceremony.location, location)) throw new AppError('PASSKEY_CEREMONY_EXPIRED', undefined, { reason: 'location' });
  const issued = ceremony.salts.get(unlock.assertion.id);
  if (issued === undefined) throw verificationFailed('credential');
  const locked = await openLocation(ceremony.location);
  const slot = passkeySlots(locked.slots).find((candidate) => candidate.slotId === issued.slotId);
  if (slot === undefined) throw new AppError('PASSKEY_NOT_FOUND', undefined, { reason: 'no-slot' });
  if (locked.config.repositoryId !== ceremony.repositoryId || slot.credentialId !== unlock.assertion.id || slot.prfSalt !== issued.first) {
    throw new AppError('PASSKEY_CEREMONY_EXPIRED', undefined, { reason: 'keyring-changed' });
  }
  const assertion = await verifyAssertion(unlock.assertion, ceremony.challenge, relyingPartyOf(context.host), slot);
  const prf = prfBytes(unlock.prf.first);
  try {
    // A wrong PRF output after a verified ceremony is PASSKEY_SECRET_MISMATCH, from the slot's check value.
    const repository = locked.unlockWithPasskey(slot.slotId, prf);
    return { ceremony, issued, slot, locked, repository, assertion };
  } finally {
    zero(prf);
  }
}

/**
 * A crash between writing a rotated slot and deleting the old one leaves two slots for one
 * credential, both of which open; evalByCredential takes one salt per credential, so offer one.
 */
function oneSlotPerCredential(slots: readonly PasskeySlotHeader[]): PasskeySlotHeader[] {
  const byCredential = new Map<string, PasskeySlotHeader>();
  for (const slot of slots) {
    const seen = byCredential.get(slot.credentialId);
    if (seen === undefined || seen.slotId > slot.slotId) byCredential.set(slot.credentialId, slot);
  }
  return [...byCredential.values()];
}
