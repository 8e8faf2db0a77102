// The WebAuthn relying party this host serves: the RP ID every passkey is bound to, and the one origin
// whose responses main accepts. Electron serves the renderer at https://<rp id>; the browser host uses
// RP ID `localhost` and its own http://localhost:<port> origin.
import { hkdfSync } from 'node:crypto';
import { AppError } from '../../src-shared/errors.ts';
import { secureCopy, zero } from '../crypto/sodium.ts';
import type { HostServices } from '../services/app-context.ts';

export interface RelyingParty {
  readonly rpId: string;
  readonly origin: string;
}

export const RP_NAME = 'Companion';

/** The host's RP ID and origin; a host that did not say is a build error, reported as such. */
export function relyingPartyOf(host: HostServices): RelyingParty {
  const { rpId, origin } = host;
  if (rpId === undefined || origin === undefined || rpId === '' || origin === '') {
    throw new AppError('INTERNAL_ERROR', 'This host has no WebAuthn relying party configured.');
  }
  return { rpId, origin };
}

const USER_HANDLE_INFO = 'companion/v1/webauthn-user-handle';

/**
 * The WebAuthn user handle of a repository: HKDF-SHA256(BK, info = companion/v1/webauthn-user-handle),
 * 32 bytes. Derived rather than stored, so every computer holding BK issues the same handle (a
 * provider then files all of one backup's passkeys under one account) while it says nothing about BK,
 * the person or the repository id to anyone without BK.
 */
export function userHandleOf(bk: Uint8Array): string {
  const raw = new Uint8Array(hkdfSync('sha256', bk, new Uint8Array(0), USER_HANDLE_INFO, 32));
  const copy = secureCopy(raw);
  zero(raw);
  try {
    return copy.toString('base64url');
  } finally {
    zero(copy);
  }
}
