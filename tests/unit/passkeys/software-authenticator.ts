// A software WebAuthn authenticator and client, as a test peer: real P-256 keys (node:crypto), real
// authenticatorData, 'none' attestation in CBOR, real ES256 signatures, and PRF computed as the
// hmac-secret extension does: HMAC-SHA256(credential secret, SHA-256("WebAuthn PRF" || 0x00 || salt)).
// Each ceremony can be bent in one way (challenge, origin, RP ID, type, UV, signature) so that every
// verification check can be made to fail on an otherwise genuine response.
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { CreationOptionsJSON, RequestOptionsJSON } from '../../../src-main/passkeys/options.ts';
import type { AssertionJSON, RegistrationJSON } from '../../../src-main/passkeys/verify.ts';

type Cbor = number | string | Uint8Array | readonly Cbor[] | ReadonlyMap<Cbor, Cbor>;

/** Just enough canonical CBOR (RFC 8949) for attestation objects and COSE keys. */
export function cbor(value: Cbor): Buffer {
  const head = (major: number, length: number): Buffer => {
    if (length < 24) return Buffer.from([(major << 5) | length]);
    if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
    if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
    const out = Buffer.alloc(5);
    out[0] = (major << 5) | 26;
    out.writeUInt32BE(length, 1);
    return out;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map((item: Cbor) => cbor(item))]);
  const map = value as ReadonlyMap<Cbor, Cbor>;
  return Buffer.concat([head(5, map.size), ...[...map].flatMap(([key, item]) => [cbor(key), cbor(item)])]);
}

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

export function prfOf(secret: Uint8Array, salt: string): string {
  const hmacSalt = sha256(Buffer.concat([Buffer.from('WebAuthn PRF', 'ascii'), Buffer.from([0]), Buffer.from(salt, 'base64url')]));
  return createHmac('sha256', secret).update(hmacSalt).digest('base64url');
}

export interface Bend {
  readonly challenge?: string;
  readonly origin?: string;
  readonly rpId?: string;
  readonly type?: string;
  readonly userVerified?: boolean;
  readonly crossOrigin?: boolean;
  readonly badSignature?: boolean;
  /** Answer with this credential id instead (a credential the request did not name). */
  readonly credentialId?: string;
}

export interface AuthenticatorOptions {
  readonly origin: string;
  readonly backupEligible?: boolean;
  readonly backedUp?: boolean;
  /** false: a provider without PRF (prf.enabled false, no results). */
  readonly prf?: boolean;
  /** false: PRF enabled at create() but results only from get() (some providers do this). */
  readonly prfAtCreate?: boolean;
  readonly aaguid?: string;
  readonly transports?: string[];
}

interface Credential {
  readonly privateKey: KeyObject;
  readonly prfSecret: Buffer;
  counter: number;
}

export class SoftwareAuthenticator {
  readonly credentials = new Map<string, Credential>();
  readonly #options: AuthenticatorOptions;

  constructor(options: AuthenticatorOptions) {
    this.#options = options;
  }

  /** navigator.credentials.create() as a browser would answer it, PRF results split off. */
  create(options: CreationOptionsJSON, bend: Bend = {}): { registration: RegistrationJSON; prf?: { first: string } } {
    const excluded = options.excludeCredentials.find((descriptor) => this.credentials.has(descriptor.id));
    if (excluded !== undefined) throw new Error('InvalidStateError');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
    const rawId = randomBytes(32);
    const credentialId = rawId.toString('base64url');
    const credential: Credential = { privateKey, prfSecret: randomBytes(32), counter: 0 };
    this.credentials.set(credentialId, credential);
    const aaguid = Buffer.from((this.#options.aaguid ?? '00000000-0000-0000-0000-000000000000').replaceAll('-', ''), 'hex');
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([this.#authData(bend.rpId ?? options.rp.id, bend, 0x40), aaguid, idLength, rawId, coseKey]);
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = this.#clientData('webauthn.create', options.challenge, bend);
    const prfEnabled = this.#options.prf ?? true;
    const registration: RegistrationJSON = {
      id: credentialId,
      rawId: credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: this.#options.transports ?? ['hybrid', 'internal'],
      },
      clientExtensionResults: { prf: { enabled: prfEnabled } },
    };
    if (!prfEnabled || this.#options.prfAtCreate === false) return { registration };
    return { registration, prf: { first: prfOf(credential.prfSecret, options.extensions.prf.eval.first) } };
  }

  /** navigator.credentials.get() over the request's allow list; the first credential this authenticator holds answers. */
  get(options: RequestOptionsJSON, bend: Bend = {}): { assertion: AssertionJSON; prf: { first: string; second?: string } } {
    const chosen = bend.credentialId ?? options.allowCredentials.find((descriptor) => this.credentials.has(descriptor.id))?.id;
    if (chosen === undefined) throw new Error('NotAllowedError');
    const credential = this.credentials.get(chosen) ?? this.credentials.values().next().value;
    if (credential === undefined) throw new Error('NotAllowedError');
    credential.counter += 1;
    const authData = this.#authData(bend.rpId ?? options.rpId, bend, 0, credential.counter);
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge, bend);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    if (bend.badSignature === true) signature[signature.length - 1] = (signature.at(-1) ?? 0) ^ 0x01;
    const salts = options.extensions.prf.evalByCredential[chosen];
    const assertion: AssertionJSON = {
      id: chosen,
      rawId: chosen,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: null,
      },
      clientExtensionResults: {},
    };
    if (salts === undefined) return { assertion, prf: { first: randomBytes(32).toString('base64url') } };
    const first = prfOf(credential.prfSecret, salts.first);
    return { assertion, prf: salts.second === undefined ? { first } : { first, second: prfOf(credential.prfSecret, salts.second) } };
  }

  /** The PRF output this authenticator gives `credentialId` for `salt`. */
  prf(credentialId: string, salt: string): string {
    const credential = this.credentials.get(credentialId);
    if (credential === undefined) throw new Error('unknown credential');
    return prfOf(credential.prfSecret, salt);
  }

  #authData(rpId: string, bend: Bend, extraFlags: number, counter = 0): Buffer {
    const be = this.#options.backupEligible ?? true;
    const bs = be && (this.#options.backedUp ?? true);
    const flags = 0x01 | (bend.userVerified === false ? 0 : 0x04) | (be ? 0x08 : 0) | (bs ? 0x10 : 0) | extraFlags;
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counterBytes]);
  }

  #clientData(type: string, challenge: string, bend: Bend): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: bend.type ?? type,
        challenge: bend.challenge ?? challenge,
        origin: bend.origin ?? this.#options.origin,
        crossOrigin: bend.crossOrigin ?? false,
      }),
      'utf8',
    );
  }
}
