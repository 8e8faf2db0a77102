// The two ceremonies the app runs, from main's options to the contract's inputs. PRF outputs arrive
// already encoded for the call's `prf` field (their buffers zeroed); callers send them at once.
import type { z } from 'zod';
import type { BackupLocation } from '../../../src-shared/common-schemas.ts';
import type { PasskeySummary, PasskeyUnlock } from '../../../src-shared/passkey-contract.ts';
import type { CompanionApi } from '../../../src-shared/api.ts';
import { unwrap } from '../api/api-error.ts';
import { authenticatorFor } from './authenticator.ts';
import { uiError } from './passkey-errors.ts';

export type PasskeyUnlockInput = z.infer<typeof PasskeyUnlock>;

/** Tells the provider to forget a credential Companion will not use, where the browser can. */
function signalUnused(rpId: string, credentialId: string): void {
  if (typeof PublicKeyCredential === 'undefined') return;
  const signal = (PublicKeyCredential as unknown as { signalUnknownCredential?: (options: object) => Promise<void> })
    .signalUnknownCredential;
  if (typeof signal === 'function') void signal.call(PublicKeyCredential, { rpId, credentialId }).catch(() => undefined);
}

/**
 * Enrols a passkey: create() with a PRF salt; if the provider said PRF is on but gave no output yet,
 * a get() for that credential at once; then main verifies both, wraps the backup key and checks it unwraps.
 */
export async function enrollPasskey(api: CompanionApi, label: string): Promise<z.infer<typeof PasskeySummary>> {
  const authenticator = await authenticatorFor(api);
  const start = unwrap(await api.startPasskeyEnrollment({ label }));
  const { creation } = start;
  const registration = await authenticator.create(creation);
  const credentialId = registration.response.id;
  if (registration.prfEnabled !== true) {
    signalUnused(creation.rp.id, credentialId);
    throw uiError('PASSKEY_PRF_UNSUPPORTED');
  }
  let first = registration.prfFirst;
  let followUp: PasskeyUnlockInput['assertion'] | undefined;
  if (first === undefined) {
    const { transports } = registration.response.response;
    const assertion = await authenticator.get({
      rpId: creation.rp.id,
      challenge: start.followUpChallenge,
      timeout: creation.timeout,
      userVerification: 'required',
      allowCredentials: [{ type: 'public-key', id: credentialId, ...(transports === undefined ? {} : { transports }) }],
      extensions: { prf: { evalByCredential: { [credentialId]: { first: creation.extensions.prf.eval.first } } } },
    });
    followUp = assertion.response;
    first = assertion.prf?.first;
    if (first === undefined) {
      signalUnused(creation.rp.id, credentialId);
      throw uiError('PASSKEY_PRF_UNSUPPORTED');
    }
  }
  return unwrap(
    await api.finishPasskeyEnrollment({
      ceremonyId: start.ceremonyId,
      registration: registration.response,
      ...(followUp === undefined ? {} : { followUp }),
      prf: { first },
    }),
  );
}

/**
 * Unlock: get() over every passkey slot of the backup (evalByCredential with each slot's salt, and a
 * `second` salt when main rotates one). Returns the finished ceremony for unlockBackup / testPasskey /
 * renamePasskey; send it right away.
 */
export async function passkeyAssertion(api: CompanionApi, location?: BackupLocation): Promise<PasskeyUnlockInput> {
  const authenticator = await authenticatorFor(api);
  const start = unwrap(await api.startPasskeyUnlock(location === undefined ? {} : { location }));
  if (start.request.allowCredentials.length === 0) throw uiError('PASSKEY_NOT_FOUND');
  const assertion = await authenticator.get(start.request);
  if (assertion.prf === undefined) throw uiError('PASSKEY_PRF_UNSUPPORTED');
  return { ceremonyId: start.ceremonyId, assertion: assertion.response, prf: assertion.prf };
}
