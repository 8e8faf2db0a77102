// Verification of WebAuthn responses with @simplewebauthn/server: challenge, origin, type, RP ID hash,
// user presence and verification, attestation format and (for assertions) the signature with the
// slot's public key. The library decides; when it refuses, the same library's decoders say which
// check failed, so the person and support see "origin" or "challenge" rather than a bare failure.
import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { decodeAttestationObject, decodeClientDataJSON, isoBase64URL, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors.ts';
import type { AssertionResponse, RegistrationResponse } from '../../src-shared/passkey-contract.ts';
import { SUPPORTED_ALGORITHMS } from './options.ts';
import type { RelyingParty } from './relying-party.ts';

export type RegistrationJSON = z.infer<typeof RegistrationResponse>;
export type AssertionJSON = z.infer<typeof AssertionResponse>;

export type FailedCheck =
  'challenge' | 'origin' | 'rp-id' | 'type' | 'signature' | 'credential' | 'format' | 'user-presence' | 'attestation';

export interface VerifiedRegistration {
  readonly credentialId: string;
  /** COSE_Key, base64url. */
  readonly publicKey: string;
  readonly transports: string[];
  readonly aaguid: string;
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
}

export interface VerifiedAssertion {
  readonly credentialId: string;
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
}

export function verificationFailed(check: FailedCheck): AppError {
  return new AppError('PASSKEY_VERIFICATION_FAILED', undefined, { check });
}

/** A registration for `expectedChallenge` on this relying party, with user verification. */
export async function verifyRegistration(
  response: RegistrationJSON,
  expectedChallenge: string,
  relyingParty: RelyingParty,
): Promise<VerifiedRegistration> {
  if (response.id !== response.rawId) throw verificationFailed('credential');
  const json = response as unknown as RegistrationResponseJSON;
  let result: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    result = await verifyRegistrationResponse({
      response: json,
      expectedChallenge: (challenge) => sameText(challenge, expectedChallenge),
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.rpId,
      expectedType: 'webauthn.create',
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
    });
  } catch (error) {
    throw classify(response.response.clientDataJSON, attestedAuthData(response), 'webauthn.create', expectedChallenge, relyingParty, {
      cause: error,
      fallback: 'attestation',
    });
  }
  if (!result.verified) throw verificationFailed('attestation');
  const info = result.registrationInfo;
  if (info.credential.id !== response.id) throw verificationFailed('credential');
  return {
    credentialId: info.credential.id,
    publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
    transports: [...new Set(response.response.transports ?? [])].sort(),
    aaguid: info.aaguid,
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backedUp: info.credentialBackedUp,
  };
}

export interface ExpectedCredential {
  readonly credentialId: string;
  readonly publicKey: string;
}

/** An assertion for `expectedChallenge` by exactly `credential`, signed with its public key. */
export async function verifyAssertion(
  response: AssertionJSON,
  expectedChallenge: string,
  relyingParty: RelyingParty,
  credential: ExpectedCredential,
): Promise<VerifiedAssertion> {
  if (response.id !== response.rawId || response.id !== credential.credentialId) throw verificationFailed('credential');
  const json = response as unknown as AuthenticationResponseJSON;
  let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    result = await verifyAuthenticationResponse({
      response: json,
      expectedChallenge: (challenge) => sameText(challenge, expectedChallenge),
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.rpId,
      expectedType: 'webauthn.get',
      requireUserVerification: true,
      credential: { id: credential.credentialId, publicKey: isoBase64URL.toBuffer(credential.publicKey), counter: 0 },
    });
  } catch (error) {
    throw classify(
      response.response.clientDataJSON,
      decodeOrNull(response.response.authenticatorData),
      'webauthn.get',
      expectedChallenge,
      relyingParty,
      {
        cause: error,
        fallback: 'signature',
      },
    );
  }
  if (!result.verified) throw verificationFailed('signature');
  // The library checks UV when required; a second look costs nothing and does not depend on its defaults.
  if (!result.authenticationInfo.userVerified) throw new AppError('PASSKEY_USER_NOT_VERIFIED');
  const flags = parseAuthenticatorData(isoBase64URL.toBuffer(response.response.authenticatorData)).flags;
  return { credentialId: credential.credentialId, backupEligible: flags.be, backedUp: flags.bs };
}

/** Names the first check a refused response fails, in the order the specification checks them. */
function classify(
  clientDataJSON: string,
  authData: Uint8Array<ArrayBuffer> | null,
  expectedType: string,
  expectedChallenge: string,
  relyingParty: RelyingParty,
  options: { readonly cause: unknown; readonly fallback: FailedCheck },
): AppError {
  const fail = (check: FailedCheck): AppError =>
    new AppError('PASSKEY_VERIFICATION_FAILED', undefined, { check }, { cause: options.cause });
  let clientData: ReturnType<typeof decodeClientDataJSON>;
  try {
    clientData = decodeClientDataJSON(clientDataJSON);
  } catch {
    return fail('format');
  }
  if (clientData.type !== expectedType) return fail('type');
  if (typeof clientData.challenge !== 'string' || !sameText(clientData.challenge, expectedChallenge)) return fail('challenge');
  if (clientData.origin !== relyingParty.origin || clientData.crossOrigin === true) return fail('origin');
  if (authData === null) return fail('format');
  let parsed: ReturnType<typeof parseAuthenticatorData>;
  try {
    parsed = parseAuthenticatorData(authData);
  } catch {
    return fail('format');
  }
  const rpIdHash = createHash('sha256').update(relyingParty.rpId, 'utf8').digest();
  if (!equalBytes(parsed.rpIdHash, rpIdHash)) return fail('rp-id');
  if (!parsed.flags.up) return fail('user-presence');
  if (!parsed.flags.uv) return new AppError('PASSKEY_USER_NOT_VERIFIED', undefined, undefined, { cause: options.cause });
  return fail(options.fallback);
}

function attestedAuthData(response: RegistrationJSON): Uint8Array<ArrayBuffer> | null {
  const bytes = decodeOrNull(response.response.attestationObject);
  if (bytes === null) return null;
  try {
    return decodeAttestationObject(bytes).get('authData');
  } catch {
    return null;
  }
}

function decodeOrNull(value: string): Uint8Array<ArrayBuffer> | null {
  return isoBase64URL.isBase64URL(value) ? isoBase64URL.toBuffer(value) : null;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}
