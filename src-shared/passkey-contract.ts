// The passkey calls of the IPC contract (merged into `contract` in contract.ts). The renderer runs
// the WebAuthn ceremonies; main issues every option (challenge, RP ID, PRF salts), verifies every
// response, and does all key work. Binary values are base64url without padding, as in WebAuthn's
// JSON forms. The PRF output crosses once, renderer → main, in its own field (`prf`), never inside
// `clientExtensionResults`, and main zeroes it after deriving the KEK.
import { z } from 'zod';
import { BackupLocation } from './common-schemas.ts';

const hexId = z.string().regex(/^[0-9a-f]{32}$/);
const b64url = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .max(max);
/** A PRF output (or salt) is 32 bytes: 43 base64url characters. */
const prf32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const ceremonyId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
const label = z.string().trim().min(1).max(64);
const transports = z.array(z.string().regex(/^[a-z-]{1,32}$/)).max(8);

/** PublicKeyCredentialCreationOptionsJSON, as main issues it (the renderer decodes it for create()). */
export const CreationOptions = z.strictObject({
  rp: z.strictObject({ id: z.string(), name: z.string() }),
  user: z.strictObject({ id: b64url(128), name: z.string(), displayName: z.string() }),
  challenge: b64url(128),
  pubKeyCredParams: z.array(z.strictObject({ type: z.literal('public-key'), alg: z.int() })),
  timeout: z.int(),
  excludeCredentials: z.array(z.strictObject({ type: z.literal('public-key'), id: b64url(1364), transports: transports.optional() })),
  authenticatorSelection: z.strictObject({
    residentKey: z.enum(['required', 'preferred', 'discouraged']),
    userVerification: z.literal('required'),
  }),
  attestation: z.literal('none'),
  extensions: z.strictObject({ prf: z.strictObject({ eval: z.strictObject({ first: prf32 }) }) }),
});

/** PublicKeyCredentialRequestOptionsJSON with the PRF extension (evalByCredential keyed by credential id). */
export const RequestOptions = z.strictObject({
  rpId: z.string(),
  challenge: b64url(128),
  timeout: z.int(),
  userVerification: z.literal('required'),
  allowCredentials: z.array(z.strictObject({ type: z.literal('public-key'), id: b64url(1364), transports: transports.optional() })),
  extensions: z.strictObject({
    prf: z.strictObject({ evalByCredential: z.record(b64url(1364), z.strictObject({ first: prf32, second: prf32.optional() })) }),
  }),
});

/** What every PublicKeyCredential JSON carries. */
const credentialFields = {
  id: b64url(1364),
  rawId: b64url(1364),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).nullable().optional(),
};

/** RegistrationResponseJSON without PRF results (they travel in `prf`). */
export const RegistrationResponse = z.strictObject({
  ...credentialFields,
  response: z.strictObject({
    clientDataJSON: b64url(8192),
    attestationObject: b64url(65536),
    transports: transports.optional(),
  }),
  /** Only `prf.enabled` is sent; results never ride here. */
  clientExtensionResults: z.strictObject({ prf: z.strictObject({ enabled: z.boolean().optional() }).optional() }),
});

/** AuthenticationResponseJSON without PRF results. */
export const AssertionResponse = z.strictObject({
  ...credentialFields,
  response: z.strictObject({
    clientDataJSON: b64url(8192),
    authenticatorData: b64url(8192),
    signature: b64url(1024),
    userHandle: b64url(128).nullable().optional(),
  }),
  clientExtensionResults: z.strictObject({}),
});

export const PrfResults = z.strictObject({ first: prf32, second: prf32.optional() });

/** A finished unlock ceremony: the assertion main verifies, and the PRF output it unwraps with. */
export const PasskeyUnlock = z.strictObject({ ceremonyId, assertion: AssertionResponse, prf: PrfResults });

export const PasskeySummary = z.strictObject({
  slotId: hexId,
  label: z.string(),
  /** BS at enrolment: the passkey is in a synced provider (iCloud Keychain, Google Password Manager…). */
  synced: z.boolean(),
  backupEligible: z.boolean(),
  transports,
  /** The authenticator model (all zeros when it does not say): support's first question. */
  aaguid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  created: z.string(),
  /** This computer's last successful unlock or test with it; null if never here. */
  lastVerified: z.string().nullable(),
});

export const SecuritySettings = z.strictObject({
  backupConfigured: z.boolean(),
  passkeys: z.array(PasskeySummary),
  recoverySlots: z.int().nonnegative(),
  /** Every passkey is this-device-only: none of them will be on a new computer. */
  allDeviceBound: z.boolean(),
  rpId: z.string(),
});

export const passkeyCalls = {
  getSecuritySettings: { input: z.strictObject({}), output: SecuritySettings },
  /** Options for create(), plus a challenge for the get() some authenticators need before they return PRF output. */
  startPasskeyEnrollment: {
    input: z.strictObject({ label }),
    output: z.strictObject({ ceremonyId, creation: CreationOptions, followUpChallenge: b64url(128) }),
  },
  /** Verifies the registration (and the follow-up assertion, if one was needed), wraps BK, and confirms the slot unwraps. */
  finishPasskeyEnrollment: {
    input: z.strictObject({
      ceremonyId,
      registration: RegistrationResponse,
      followUp: AssertionResponse.optional(),
      prf: z.strictObject({ first: prf32 }),
    }),
    output: PasskeySummary,
  },
  /** Options for get() over every passkey slot of the profile's repository, or of `location` (a new computer). */
  startPasskeyUnlock: {
    input: z.strictObject({ location: BackupLocation.optional() }),
    output: z.strictObject({ ceremonyId, request: RequestOptions }),
  },
  /** "Test passkey": unlocks without restoring, updates last verified, and rotates the slot's salt if `prf.second` came back. */
  testPasskey: { input: PasskeyUnlock, output: PasskeySummary },
  /** The label is bound into the slot, so renaming re-wraps it: it needs that passkey's ceremony. */
  renamePasskey: { input: PasskeyUnlock.extend({ slotId: hexId, label }), output: PasskeySummary },
  /**
   * A ceremony that failed in the renderer before main saw a response (cancelled, no PRF, refused by
   * the browser): recorded in the journal for support, and the ceremony is dropped.
   */
  recordCeremonyFailure: {
    input: z.strictObject({
      ceremonyId,
      stage: z.enum(['create', 'get']),
      code: z.string().regex(/^PASSKEY_[A-Z_]{2,40}$/),
      prfEnabled: z.boolean().nullable(),
      transports: transports.optional(),
    }),
    output: z.strictObject({ recorded: z.boolean() }),
  },
  /** Refused when it would leave no way to unlock (BACKUP_LAST_RECOVERY_SLOT / PASSKEY_LAST_UNLOCK_METHOD). */
  removePasskey: { input: z.strictObject({ slotId: hexId }), output: SecuritySettings },
  /** Where this host runs ceremonies: the renderer's navigator.credentials, or main's native macOS bridge. */
  getPasskeyPath: { input: z.strictObject({}), output: z.strictObject({ path: z.enum(['renderer-webauthn', 'native-macos']) }) },
  /**
   * native-macos only: create() run by main through AuthenticationServices with the options main issued,
   * answered in the same shapes as the renderer's ceremony (send it on to finishPasskeyEnrollment at once).
   */
  nativeCreatePasskey: {
    input: z.strictObject({ creation: CreationOptions }),
    output: z.strictObject({
      registration: RegistrationResponse,
      prfEnabled: z.boolean(),
      prf: z.strictObject({ first: prf32 }).optional(),
    }),
  },
  /** native-macos only: get() run by main, for startPasskeyUnlock's request or the enrolment follow-up. */
  nativeGetPasskey: {
    input: z.strictObject({ request: RequestOptions }),
    output: z.strictObject({ assertion: AssertionResponse, prf: PrfResults }),
  },
} as const;
