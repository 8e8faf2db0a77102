// The two ceremonies the app runs, from main's options to the contract's inputs. Each PRF output is
// encoded straight into the call's `prf` field and its buffer zeroed; callers send it at once.
import type { z } from 'zod';
import type { BackupLocation } from '../../../src-shared/common-schemas.ts';
import type { PasskeySummary, PasskeyUnlock } from '../../../src-shared/passkey-contract.ts';
import type { CompanionApi } from '../../../src-shared/api.ts';
import { unwrap } from '../api/api-error.ts';
import { uiError } from './passkey-errors.ts';
import { createPasskey, decodeRequest, fromBase64url, getAssertion, toBase64url, zero } from './webauthn.ts';

export type PasskeyUnlockInput = z.infer<typeof PasskeyUnlock>;

/** Asks main to forget a credential the provider made but Companion will not use (where the browser can). */
function signalUnused(rpId: string, credentialId: string): void {
  const signal = (PublicKeyCredential as unknown as { signalUnknownCredential?: (options: object) => Promise<void> })
    .signalUnknownCredential;
  if (typeof signal === 'function') void signal.call(PublicKeyCredential, { rpId, credentialId }).catch(() => undefined);
}

/**
 * Enrols a passkey: create() with a PRF salt; if the provider said PRF is on but gave no output yet,
 * a get() for that credential at once; then main verifies both, wraps the backup key and checks it unwraps.
 */
export async function enrollPasskey(api: CompanionApi, label: string): Promise<z.infer<typeof PasskeySummary>> {
  const start = unwrap(await api.startPasskeyEnrollment({ label }));
  const registration = await createPasskey(start.creation);
  let first = registration.prfFirst;
  try {
    if (registration.prfEnabled !== true) {
      signalUnused(start.creation.rp.id, registration.response.id);
      throw uiError('PASSKEY_PRF_UNSUPPORTED');
    }
    let followUp: Awaited<ReturnType<typeof getAssertion>>['response'] | undefined;
    if (first === undefined) {
      const assertion = await getAssertion({
        rpId: start.creation.rp.id,
        challenge: fromBase64url(start.followUpChallenge),
        timeout: start.creation.timeout,
        userVerification: 'required',
        allowCredentials: [
          {
            type: 'public-key',
            id: fromBase64url(registration.response.rawId),
            ...(registration.response.response.transports === undefined
              ? {}
              : { transports: registration.response.response.transports as AuthenticatorTransport[] }),
          },
        ],
        extensions: { prf: { eval: { first: fromBase64url(start.creation.extensions.prf.eval.first) } } },
      });
      zero(assertion.prfSecond);
      followUp = assertion.response;
      first = assertion.prfFirst;
      if (first === undefined) {
        signalUnused(start.creation.rp.id, registration.response.id);
        throw uiError('PASSKEY_PRF_UNSUPPORTED');
      }
    }
    const prf = { first: toBase64url(first) };
    zero(first);
    return unwrap(
      await api.finishPasskeyEnrollment({
        ceremonyId: start.ceremonyId,
        registration: registration.response,
        ...(followUp === undefined ? {} : { followUp }),
        prf,
      }),
    );
  } finally {
    zero(first);
  }
}

/**
 * Unlock: get() over every passkey slot of the backup (evalByCredential with each slot's salt).
 * Returns the finished ceremony for unlockBackup / testPasskey / renamePasskey; send it right away.
 */
export async function passkeyAssertion(api: CompanionApi, location?: BackupLocation): Promise<PasskeyUnlockInput> {
  const start = unwrap(await api.startPasskeyUnlock(location === undefined ? {} : { location }));
  if (start.request.allowCredentials.length === 0) throw uiError('PASSKEY_NOT_FOUND');
  const assertion = await getAssertion(decodeRequest(start.request));
  try {
    if (assertion.prfFirst === undefined) throw uiError('PASSKEY_PRF_UNSUPPORTED');
    return {
      ceremonyId: start.ceremonyId,
      assertion: assertion.response,
      prf: {
        first: toBase64url(assertion.prfFirst),
        ...(assertion.prfSecond === undefined ? {} : { second: toBase64url(assertion.prfSecond) }),
      },
    };
  } finally {
    zero(assertion.prfFirst);
    zero(assertion.prfSecond);
  }
}
