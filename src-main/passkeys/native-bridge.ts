// The macOS native path, minus the native part: converts main's WebAuthn options (JSON, base64url)
// into the binary options electron-webauthn takes, and its results back into the contract's JSON
// responses, mapping every failure to a catalogue code. Pure Node, so it is tested on any platform;
// src-main/app/macos-passkeys.ts supplies the real module and the window.
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors.ts';
import type { PrfResults } from '../../src-shared/passkey-contract.ts';
import type { CreationOptionsJSON, RequestOptionsJSON } from './options.ts';
import type { AssertionJSON, RegistrationJSON } from './verify.ts';

/** The part of electron-webauthn's API the bridge uses (checked against its types in src-main/app). */
export interface NativeWebAuthn {
  createCredential(options: NativeCreationOptions, extra: NativeRequestContext): Promise<NativeCreateResult>;
  getCredential(options: NativeRequestOptions, extra: NativeRequestContext): Promise<NativeGetResult>;
}

export interface NativeRequestContext {
  currentOrigin: string;
  topFrameOrigin: string | undefined;
  nativeWindowHandle: Buffer;
}

type Descriptor = { type: 'public-key'; id: Uint8Array; transports?: string[] };

export interface NativeCreationOptions {
  rp: { id: string; name: string };
  user: { id: Uint8Array; name: string; displayName: string };
  challenge: Uint8Array;
  pubKeyCredParams: Array<{ type: 'public-key'; alg: number }>;
  timeout: number;
  excludeCredentials: Descriptor[];
  authenticatorSelection: { residentKey: 'required' | 'preferred' | 'discouraged'; userVerification: 'required' };
  attestation: 'none';
  extensions: { prf: { eval: { first: Uint8Array } } };
}

export interface NativeRequestOptions {
  rpId: string;
  challenge: Uint8Array;
  timeout: number;
  userVerification: 'required';
  allowCredentials: Descriptor[];
  extensions: { prf: { evalByCredential: Record<string, { first: Uint8Array; second?: Uint8Array }> } };
}

type NativeFailure = { success: false; error: string; errorObject?: Error };

export type NativeCreateResult =
  | {
      success: true;
      data: {
        credentialId: string;
        clientDataJSON: string;
        attestationObject: string;
        transports: string[];
        extensions: { prf?: { enabled?: boolean; results: { first?: string; second?: string } } };
      };
    }
  | NativeFailure;

export type NativeGetResult =
  | {
      success: true;
      data: {
        credentialId: string;
        clientDataJSON: string;
        authenticatorData: string;
        signature: string;
        userHandle: string;
        extensions?: { prf?: { results?: { first: string; second?: string } } };
      };
    }
  | NativeFailure;

export interface NativeRegistration {
  readonly registration: RegistrationJSON;
  readonly prfEnabled: boolean;
  readonly prf?: { readonly first: string };
}

export interface NativeAssertion {
  readonly assertion: AssertionJSON;
  readonly prf: z.infer<typeof PrfResults>;
}

const bytes = (base64url: string): Uint8Array => new Uint8Array(Buffer.from(base64url, 'base64url'));
/** electron-webauthn says base64url; Node's base64 decoder reads both alphabets, so normalise either. */
const normal = (encoded: string): string => Buffer.from(encoded, 'base64').toString('base64url');
const transportPattern = /^[a-z-]{1,32}$/;

export function toNativeCreation(options: CreationOptionsJSON): NativeCreationOptions {
  return {
    rp: { ...options.rp },
    user: { ...options.user, id: bytes(options.user.id) },
    challenge: bytes(options.challenge),
    pubKeyCredParams: options.pubKeyCredParams.map((param) => ({ ...param })),
    timeout: options.timeout,
    excludeCredentials: options.excludeCredentials.map(descriptor),
    authenticatorSelection: { ...options.authenticatorSelection },
    attestation: options.attestation,
    extensions: { prf: { eval: { first: bytes(options.extensions.prf.eval.first) } } },
  };
}

export function toNativeRequest(options: RequestOptionsJSON): NativeRequestOptions {
  const evalByCredential: NativeRequestOptions['extensions']['prf']['evalByCredential'] = {};
  for (const [id, salts] of Object.entries(options.extensions.prf.evalByCredential)) {
    evalByCredential[id] =
      salts.second === undefined ? { first: bytes(salts.first) } : { first: bytes(salts.first), second: bytes(salts.second) };
  }
  return {
    rpId: options.rpId,
    challenge: bytes(options.challenge),
    timeout: options.timeout,
    userVerification: options.userVerification,
    allowCredentials: options.allowCredentials.map(descriptor),
    extensions: { prf: { evalByCredential } },
  };
}

export function fromNativeCreate(result: NativeCreateResult): NativeRegistration {
  if (!result.success) throw nativeFailure(result.error, 'create');
  const { data } = result;
  const id = normal(data.credentialId);
  const first = data.extensions.prf?.results.first;
  const prfEnabled = data.extensions.prf?.enabled ?? first !== undefined;
  const registration: RegistrationJSON = {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: normal(data.clientDataJSON),
      attestationObject: normal(data.attestationObject),
      transports: data.transports.filter((transport) => transportPattern.test(transport)).slice(0, 8),
    },
    clientExtensionResults: { prf: { enabled: prfEnabled } },
  };
  return first === undefined ? { registration, prfEnabled } : { registration, prfEnabled, prf: { first: normal(first) } };
}

export function fromNativeGet(result: NativeGetResult): NativeAssertion {
  if (!result.success) throw nativeFailure(result.error, 'get');
  const { data } = result;
  const results = data.extensions?.prf?.results;
  if (results?.first === undefined) throw new AppError('PASSKEY_PRF_UNSUPPORTED', undefined, { stage: 'get' });
  const id = normal(data.credentialId);
  return {
    assertion: {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: normal(data.clientDataJSON),
        authenticatorData: normal(data.authenticatorData),
        signature: normal(data.signature),
        userHandle: data.userHandle === '' ? null : normal(data.userHandle),
      },
      clientExtensionResults: {},
    },
    prf: results.second === undefined ? { first: normal(results.first) } : { first: normal(results.first), second: normal(results.second) },
  };
}

/** AuthenticationServices' outcomes, by the DOMException name electron-webauthn reports. */
export function nativeFailure(name: string, stage: 'create' | 'get'): AppError {
  switch (name) {
    case 'NotAllowedError':
    case 'AbortError':
      return new AppError('PASSKEY_CEREMONY_CANCELLED', undefined, { reason: name, stage });
    case 'InvalidStateError':
      // create() with excludeCredentials: this provider already holds one of the backup's passkeys.
      return new AppError('PASSKEY_CEREMONY_CANCELLED', undefined, { reason: 'already-enrolled', stage });
    case 'SecurityError':
      // The app is not associated with the RP domain (entitlement or apple-app-site-association).
      return new AppError('PASSKEY_VERIFICATION_FAILED', undefined, { check: 'rp-id', stage });
    default:
      return new AppError('INTERNAL_ERROR', 'The native passkey bridge failed.', { reason: name.slice(0, 40), stage });
  }
}

export interface NativePasskeyBridge {
  create(options: CreationOptionsJSON): Promise<NativeRegistration>;
  get(options: RequestOptionsJSON): Promise<NativeAssertion>;
}

/** The bridge over a loaded module; `context()` gives the window handle and origin at call time. */
export function createNativeBridge(
  load: () => Promise<NativeWebAuthn | null>,
  context: () => NativeRequestContext | null,
): NativePasskeyBridge {
  const ready = async (): Promise<{ module: NativeWebAuthn; extra: NativeRequestContext }> => {
    const module = await load();
    const extra = context();
    if (module === null || extra === null) {
      throw new AppError('PASSKEY_PRF_UNSUPPORTED', 'Passkeys with backup protection need the native macOS bridge, which is missing.', {
        stage: 'native-bridge',
      });
    }
    return { module, extra };
  };
  return {
    create: async (options) => {
      const { module, extra } = await ready();
      return fromNativeCreate(await module.createCredential(toNativeCreation(options), extra));
    },
    get: async (options) => {
      const { module, extra } = await ready();
      return fromNativeGet(await module.getCredential(toNativeRequest(options), extra));
    },
  };
}

function descriptor(entry: { type: 'public-key'; id: string; transports?: string[] | undefined }): Descriptor {
  return entry.transports === undefined
    ? { type: 'public-key', id: bytes(entry.id) }
    : { type: 'public-key', id: bytes(entry.id), transports: [...entry.transports] };
}
