// WebAuthn ceremonies in the renderer: main's JSON options in, the contract's JSON responses out.
// PRF output never rides inside clientExtensionResults: it is copied out into its own base64url
// field, and the ArrayBuffers the browser handed us are zeroed as soon as they have been encoded,
// so no PRF buffer leaves this file.
import type { z } from 'zod';
import type { AssertionResponse, CreationOptions, RegistrationResponse, RequestOptions } from '../../../src-shared/passkey-contract.ts';
import { ApiError } from '../api/api-error.ts';
import { uiError } from './passkey-errors.ts';

type CreationOptionsJson = z.infer<typeof CreationOptions>;
type RequestOptionsJson = z.infer<typeof RequestOptions>;
export type RegistrationJson = z.infer<typeof RegistrationResponse>;
export type AssertionJson = z.infer<typeof AssertionResponse>;

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function toBase64url(source: BufferSource): string {
  const bytes =
    source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Overwrites a buffer the browser gave us (PRF output), so the secret does not linger in memory. */
export function zero(source: BufferSource | undefined): void {
  if (source === undefined) return;
  const bytes =
    source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  bytes.fill(0);
}

function descriptor(entry: { id: string; transports?: string[] | undefined }): PublicKeyCredentialDescriptor {
  return {
    type: 'public-key',
    id: fromBase64url(entry.id),
    ...(entry.transports === undefined ? {} : { transports: entry.transports as AuthenticatorTransport[] }),
  };
}

export function decodeCreation(options: CreationOptionsJson): PublicKeyCredentialCreationOptions {
  return {
    rp: options.rp,
    user: { ...options.user, id: fromBase64url(options.user.id) },
    challenge: fromBase64url(options.challenge),
    pubKeyCredParams: options.pubKeyCredParams,
    timeout: options.timeout,
    excludeCredentials: options.excludeCredentials.map(descriptor),
    authenticatorSelection: options.authenticatorSelection,
    attestation: options.attestation,
    extensions: { prf: { eval: { first: fromBase64url(options.extensions.prf.eval.first) } } },
  };
}

export function decodeRequest(options: RequestOptionsJson): PublicKeyCredentialRequestOptions {
  const evalByCredential: Record<string, AuthenticationExtensionsPRFValues> = {};
  for (const [id, values] of Object.entries(options.extensions.prf.evalByCredential)) {
    evalByCredential[id] = {
      first: fromBase64url(values.first),
      ...(values.second === undefined ? {} : { second: fromBase64url(values.second) }),
    };
  }
  return {
    rpId: options.rpId,
    challenge: fromBase64url(options.challenge),
    timeout: options.timeout,
    userVerification: options.userVerification,
    allowCredentials: options.allowCredentials.map(descriptor),
    extensions: { prf: { evalByCredential } },
  };
}

/** Runs a ceremony and turns the browser's DOMExceptions into codes a person (and support) can act on. */
async function ceremony(run: () => Promise<Credential | null>): Promise<PublicKeyCredential> {
  let credential: Credential | null;
  try {
    credential = await run();
  } catch (error) {
    throw mapCeremonyError(error);
  }
  if (!(credential instanceof PublicKeyCredential)) throw uiError('PASSKEY_CEREMONY_CANCELLED');
  return credential;
}

export function mapCeremonyError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException) {
    // NotAllowedError covers cancel, timeout and failed user verification: the browser does not say which.
    if (error.name === 'NotAllowedError' || error.name === 'AbortError') return uiError('PASSKEY_CEREMONY_CANCELLED');
    // excludeCredentials matched: this provider already holds a passkey for this backup (the catalogue files it under cancelled).
    if (error.name === 'InvalidStateError') {
      return new ApiError(
        'PASSKEY_CEREMONY_CANCELLED',
        'This passkey provider already holds a passkey for this backup, so nothing was added.',
      );
    }
    if (error.name === 'SecurityError') return uiError('PASSKEY_ORIGIN_REFUSED');
  }
  return uiError('PASSKEY_CEREMONY_FAILED');
}

export interface Registration {
  readonly response: RegistrationJson;
  /** undefined when the provider does not know the PRF extension at all. */
  readonly prfEnabled: boolean | undefined;
  /** The PRF output (base64url), if create() already returned one. Send it on at once. */
  readonly prfFirst: string | undefined;
}

/** What every credential's JSON carries, registration or assertion. */
function credentialFields(credential: PublicKeyCredential) {
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: 'public-key',
    authenticatorAttachment: attachmentOf(credential),
  } as const;
}

export async function createPasskey(options: CreationOptionsJson): Promise<Registration> {
  const credential = await ceremony(() => navigator.credentials.create({ publicKey: decodeCreation(options) }));
  const response = credential.response as AuthenticatorAttestationResponse;
  const extensions = credential.getClientExtensionResults();
  const prfEnabled = extensions.prf?.enabled;
  const first = extensions.prf?.results?.first;
  const transports = typeof response.getTransports === 'function' ? response.getTransports() : undefined;
  return {
    response: {
      ...credentialFields(credential),
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        attestationObject: toBase64url(response.attestationObject),
        ...(transports === undefined ? {} : { transports }),
      },
      // Only `enabled`: the results stay out of the JSON (the schema refuses them).
      clientExtensionResults: prfEnabled === undefined ? {} : { prf: { enabled: prfEnabled } },
    },
    prfEnabled,
    prfFirst: takeSecret(first),
  };
}

export interface Assertion {
  readonly response: AssertionJson;
  /** The PRF outputs (base64url), or undefined when the authenticator evaluated none. */
  readonly prf: { readonly first: string; readonly second?: string } | undefined;
}

export async function getAssertion(options: RequestOptionsJson): Promise<Assertion> {
  const credential = await ceremony(() => navigator.credentials.get({ publicKey: decodeRequest(options) }));
  const response = credential.response as AuthenticatorAssertionResponse;
  const results = credential.getClientExtensionResults().prf?.results;
  return {
    response: {
      ...credentialFields(credential),
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle === null ? null : toBase64url(response.userHandle),
      },
      clientExtensionResults: {},
    },
    prf: prfOf(results),
  };
}

/** Encodes a PRF output for its `prf` field and zeroes the browser's buffer at once. */
function takeSecret(source: BufferSource | undefined): string | undefined {
  if (source === undefined) return undefined;
  try {
    return toBase64url(source);
  } finally {
    zero(source);
  }
}

function prfOf(results: AuthenticationExtensionsPRFValues | undefined): Assertion['prf'] {
  const first = takeSecret(results?.first);
  const second = takeSecret(results?.second);
  if (first === undefined) return undefined;
  return second === undefined ? { first } : { first, second };
}

function attachmentOf(credential: PublicKeyCredential): 'platform' | 'cross-platform' | null {
  const value = credential.authenticatorAttachment;
  return value === 'platform' || value === 'cross-platform' ? value : null;
}
