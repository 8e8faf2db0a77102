// The options main issues for create() and get(), in WebAuthn's JSON forms (base64url bytes). Pure:
// the callers supply the fresh challenge and salts, so the shapes can be tested exactly.
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors.ts';
import type { CreationOptions, RequestOptions } from '../../src-shared/passkey-contract.ts';
import type { PasskeySlotHeader } from '../crypto/slot-header.ts';
import { RP_NAME, type RelyingParty } from './relying-party.ts';

export type CreationOptionsJSON = z.infer<typeof CreationOptions>;
export type RequestOptionsJSON = z.infer<typeof RequestOptions>;

export const CEREMONY_TIMEOUT_MS = 120_000;
/** COSE algorithms: EdDSA, ES256, RS256 (simplewebauthn's default verification set). */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257] as const;

export interface CreationInput {
  readonly relyingParty: RelyingParty;
  readonly userHandle: string;
  readonly repositoryId: string;
  readonly challenge: string;
  readonly prfSalt: string;
  /** The repository's passkey slots: an authenticator that already holds one of them refuses to make another. */
  readonly existing: readonly PasskeySlotHeader[];
}

export function creationOptions(input: CreationInput): CreationOptionsJSON {
  return {
    rp: { id: input.relyingParty.rpId, name: RP_NAME },
    user: {
      id: input.userHandle,
      // Shown in the passkey manager: no names or numbers, only which backup it opens.
      name: `Companion backup ${input.repositoryId.slice(0, 8)}`,
      displayName: 'Companion backup',
    },
    challenge: input.challenge,
    pubKeyCredParams: SUPPORTED_ALGORITHMS.map((alg) => ({ type: 'public-key' as const, alg })),
    timeout: CEREMONY_TIMEOUT_MS,
    excludeCredentials: input.existing.map((slot) => descriptor(slot)),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    attestation: 'none',
    extensions: { prf: { eval: { first: input.prfSalt } } },
  };
}

export interface RequestSlot {
  readonly slot: PasskeySlotHeader;
  /** A fresh salt to rotate to (PRF `second`), or none. */
  readonly next?: string;
}

/** get() over every given slot; PASSKEY_NOT_FOUND when there is none (evalByCredential needs a non-empty allow list). */
export function requestOptions(rpId: string, challenge: string, slots: readonly RequestSlot[]): RequestOptionsJSON {
  if (slots.length === 0) throw new AppError('PASSKEY_NOT_FOUND', undefined, { reason: 'no-slots' });
  const evalByCredential: RequestOptionsJSON['extensions']['prf']['evalByCredential'] = {};
  for (const { slot, next } of slots) {
    evalByCredential[slot.credentialId] = next === undefined ? { first: slot.prfSalt } : { first: slot.prfSalt, second: next };
  }
  return {
    rpId,
    challenge,
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: 'required',
    allowCredentials: slots.map(({ slot }) => descriptor(slot)),
    extensions: { prf: { evalByCredential } },
  };
}

function descriptor(slot: PasskeySlotHeader): { type: 'public-key'; id: string; transports?: string[] } {
  return slot.transports.length > 0
    ? { type: 'public-key', id: slot.credentialId, transports: [...slot.transports] }
    : { type: 'public-key', id: slot.credentialId };
}
