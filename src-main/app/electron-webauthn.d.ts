// Types for electron-webauthn 1.3 (github.com/iamEvanYT/electron-webauthn; the package's dist/index.d.ts
// and @electron-webauthn/types). The package is not a dependency yet: 1.3.1 declares a peer dependency
// on typescript ^6 that conflicts with this project's TypeScript 5.9, so `npm ci` would fail
// (docs/passkeys.md, "macOS"). The macOS build installs it; these declarations keep the bridge
// type-checked everywhere. The signatures are the package's own; the DOM option types it takes
// (PublicKeyCredentialCreationOptions, PublicKeyCredentialRequestOptions) are spelled out below
// with the members Companion sends, since main is compiled without the DOM library.
declare module 'electron-webauthn' {
  type BufferSource = ArrayBuffer | ArrayBufferView;

  interface PublicKeyCredentialDescriptor {
    type: 'public-key';
    id: BufferSource;
    transports?: string[];
  }

  export interface PublicKeyCredentialCreationOptions {
    rp: { id?: string; name: string };
    user: { id: BufferSource; name: string; displayName: string };
    challenge: BufferSource;
    pubKeyCredParams: Array<{ type: 'public-key'; alg: number }>;
    timeout?: number;
    excludeCredentials?: PublicKeyCredentialDescriptor[];
    authenticatorSelection?: {
      residentKey?: 'required' | 'preferred' | 'discouraged';
      userVerification?: 'required' | 'preferred' | 'discouraged';
    };
    attestation?: 'none' | 'indirect' | 'direct' | 'enterprise';
    extensions?: { prf?: { eval?: { first: BufferSource; second?: BufferSource } } };
  }

  export interface PublicKeyCredentialRequestOptions {
    challenge: BufferSource;
    timeout?: number;
    rpId?: string;
    allowCredentials?: PublicKeyCredentialDescriptor[];
    userVerification?: 'required' | 'preferred' | 'discouraged';
    extensions?: { prf?: { evalByCredential?: Record<string, { first: BufferSource; second?: BufferSource }> } };
  }

  export type GetCredentialErrorCodes = 'TypeError' | 'AbortError' | 'NotAllowedError' | 'SecurityError';

  export interface GetCredentialSuccessData {
    credentialId: string;
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle: string;
    extensions?: {
      prf?: { results?: { first: string; second?: string } };
      largeBlob?: { blob?: string; written?: boolean };
    };
  }

  export type GetCredentialResult =
    { success: true; data: GetCredentialSuccessData } | { success: false; error: GetCredentialErrorCodes; errorObject?: Error };

  export type CreateCredentialErrorCodes = 'TypeError' | 'AbortError' | 'NotAllowedError' | 'SecurityError' | 'InvalidStateError';

  export interface CreateCredentialSuccessData {
    credentialId: string;
    clientDataJSON: string;
    attestationObject: string;
    authData: string;
    publicKey: string;
    publicKeyAlgorithm: number;
    transports: string[];
    extensions: {
      credProps?: { rk: boolean };
      prf?: { enabled?: boolean; results: { first?: string; second?: string } };
      largeBlob?: { supported?: boolean };
    };
  }

  export type CreateCredentialResult =
    { success: true; data: CreateCredentialSuccessData } | { success: false; error: CreateCredentialErrorCodes; errorObject?: Error };

  export interface WebauthnCreateRequestOptions {
    currentOrigin: string;
    topFrameOrigin: string | undefined;
    isPublicSuffix?: (domain: string) => boolean;
    nativeWindowHandle: Buffer;
  }

  export type WebauthnGetRequestOptions = WebauthnCreateRequestOptions;

  export function createCredential(
    publicKeyOptions: PublicKeyCredentialCreationOptions | undefined,
    additionalOptions: WebauthnCreateRequestOptions,
  ): Promise<CreateCredentialResult>;

  export function getCredential(
    publicKeyOptions: PublicKeyCredentialRequestOptions | undefined,
    additionalOptions: WebauthnGetRequestOptions,
  ): Promise<GetCredentialResult>;
}
