// "Use passkey for backups", step two: main issues create() options for the profile's repository,
// then verifies the registration (and the follow-up get() some authenticators need before they give
// PRF output), derives the KEK from the PRF output, and adds a slot that is read back and unwrapped
// before anything is reported. Any failure leaves the keyring exactly as it was.
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors.ts';
import type { passkeyCalls } from '../../src-shared/passkey-contract.ts';
import { idToHex, newId } from '../crypto/ids.ts';
import type { PasskeySlotHeader } from '../crypto/slot-header.ts';
import { zero } from '../crypto/sodium.ts';
import type { AppContext } from '../services/app-context.ts';
import { fresh32 } from './ceremonies.ts';
import { creationOptions } from './options.ts';
import { openProfileRepository, passkeySlots, recordVerified, sameLocation, summaryOf } from './profile-repository.ts';
import { prfBytes } from './prf.ts';
import { relyingPartyOf, userHandleOf } from './relying-party.ts';
import { verifyAssertion, verificationFailed, verifyRegistration } from './verify.ts';

type Input<K extends keyof typeof passkeyCalls> = z.infer<(typeof passkeyCalls)[K]['input']>;
type Output<K extends keyof typeof passkeyCalls> = z.infer<(typeof passkeyCalls)[K]['output']>;

export async function startPasskeyEnrollment(
  context: AppContext,
  { label }: Input<'startPasskeyEnrollment'>,
): Promise<Output<'startPasskeyEnrollment'>> {
  const relyingParty = relyingPartyOf(context.host);
  const { location, repository } = await openProfileRepository(context);
  try {
    const existing = passkeySlots((await repository.slots()).slots).filter((slot) => slot.rpId === relyingParty.rpId);
    const challenge = fresh32();
    const followUpChallenge = fresh32();
    const prfSalt = fresh32();
    const ceremonyId = context.ceremonies.issue({
      purpose: 'enroll',
      location,
      repositoryId: repository.config.repositoryId,
      challenge,
      followUpChallenge,
      label,
      prfSalt,
    });
    const creation = creationOptions({
      relyingParty,
      userHandle: userHandleOf(repository.backupKey),
      repositoryId: repository.config.repositoryId,
      challenge,
      prfSalt,
      existing,
    });
    return { ceremonyId, creation, followUpChallenge };
  } finally {
    repository.close();
  }
}

export async function finishPasskeyEnrollment(
  context: AppContext,
  input: Input<'finishPasskeyEnrollment'>,
): Promise<Output<'finishPasskeyEnrollment'>> {
  const prf = prfBytes(input.prf.first);
  try {
    const ceremony = context.ceremonies.take(input.ceremonyId, 'enroll');
    if (input.registration.clientExtensionResults.prf?.enabled === false) {
      throw new AppError('PASSKEY_PRF_UNSUPPORTED', undefined, { stage: 'create' });
    }
    const relyingParty = relyingPartyOf(context.host);
    const registered = await verifyRegistration(input.registration, ceremony.challenge, relyingParty);
    if (input.followUp !== undefined) {
      // The PRF output came from this get(): it must be the new credential, answering our challenge.
      await verifyAssertion(input.followUp, ceremony.followUpChallenge, relyingParty, registered);
    }
    const { location, repository } = await openProfileRepository(context);
    try {
      if (!sameLocation(location, ceremony.location) || repository.config.repositoryId !== ceremony.repositoryId) {
        throw new AppError('PASSKEY_CEREMONY_EXPIRED', undefined, { reason: 'repository' });
      }
      const existing = passkeySlots((await repository.slots()).slots);
      if (existing.some((slot) => slot.credentialId === registered.credentialId)) throw verificationFailed('credential');
      const header: PasskeySlotHeader = {
        kind: 'passkey',
        slotId: idToHex(newId()),
        repositoryId: repository.config.repositoryId,
        label: ceremony.label,
        created: new Date().toISOString(),
        rpId: relyingParty.rpId,
        credentialId: registered.credentialId,
        publicKey: registered.publicKey,
        transports: registered.transports,
        aaguid: registered.aaguid,
        backupEligible: registered.backupEligible,
        backedUp: registered.backedUp,
        prfSalt: ceremony.prfSalt,
      };
      // Written create-if-absent, read back and unwrapped with the same PRF output; removed again if not.
      await repository.addSlot(header, prf);
      recordVerified(context, header.slotId);
      return summaryOf(context, header);
    } finally {
      repository.close();
    }
  } finally {
    zero(prf);
  }
}
