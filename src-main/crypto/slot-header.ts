// The clear header of a keyring slot: what the app must read before it can unlock (which passkey to
// ask for, with which PRF salt). Stored as canonical JSON and bound byte for byte as associated data,
// so it needs no canonicalisation on read: a reader re-encodes what it parsed and refuses any
// difference (duplicate keys, reordering, unknown fields, whitespace) as tampering.
import { z } from 'zod';
import { AppError } from '../../src-shared/errors.ts';

const hexId = z.string().regex(/^[0-9a-f]{32}$/);
const base64url = (min: number, max: number): z.ZodString =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .min(min)
    .max(max);
/** UTC, millisecond precision, exactly what Date#toISOString writes. */
const isoDate = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)));
const label = z.string().min(1).max(64);

const common = { slotId: hexId, repositoryId: hexId, label, created: isoDate };

export const RecoverySlotHeader = z.strictObject({ kind: z.literal('recovery'), ...common });
export type RecoverySlotHeader = z.infer<typeof RecoverySlotHeader>;

export const PasskeySlotHeader = z.strictObject({
  kind: z.literal('passkey'),
  ...common,
  /** The WebAuthn relying party; fixed for the life of the passkeys. */
  rpId: z.string().min(1).max(253),
  /** Raw credential id, base64url without padding (WebAuthn allows up to 1023 bytes). */
  credentialId: base64url(16, 1364),
  /**
   * The credential's public key as the authenticator gave it at enrolment (COSE_Key, base64url), so
   * any computer can verify the passkey's assertion signatures before using its PRF output.
   */
  publicKey: base64url(1, 1400),
  transports: z.array(z.string().regex(/^[a-z-]{1,32}$/)).max(8),
  /** Authenticator model, lowercase UUID; all zeros when the authenticator does not say. */
  aaguid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  /** authenticatorData flags BE and BS at enrolment: may this passkey sync, and has it. */
  backupEligible: z.boolean(),
  backedUp: z.boolean(),
  /** The PRF input s_i (32 random bytes, base64url): public, useless without the authenticator. */
  prfSalt: base64url(43, 43),
});
export type PasskeySlotHeader = z.infer<typeof PasskeySlotHeader>;

export const SlotHeader = z.discriminatedUnion('kind', [RecoverySlotHeader, PasskeySlotHeader]);
export type SlotHeader = z.infer<typeof SlotHeader>;

/** Canonical bytes: fields in the order above, no whitespace (JSON.stringify keeps insertion order). */
export function encodeSlotHeader(header: SlotHeader): Buffer {
  const base = {
    kind: header.kind,
    slotId: header.slotId,
    repositoryId: header.repositoryId,
    label: header.label,
    created: header.created,
  };
  const ordered =
    header.kind === 'recovery'
      ? base
      : {
          ...base,
          rpId: header.rpId,
          credentialId: header.credentialId,
          publicKey: header.publicKey,
          transports: [...header.transports],
          aaguid: header.aaguid,
          backupEligible: header.backupEligible,
          backedUp: header.backedUp,
          prfSalt: header.prfSalt,
        };
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}

/**
 * Parses and validates; anything else is BACKUP_KEYRING_TAMPERED. An unknown kind is tampering too:
 * a new kind comes with a new slot format version, which readers report as unsupported.
 */
export function decodeSlotHeader(bytes: Buffer, slotIdHint: string): SlotHeader {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw tampered(slotIdHint, 'header-json');
  }
  const parsed = SlotHeader.safeParse(json);
  if (!parsed.success) throw tampered(slotIdHint, 'header-fields');
  if (!encodeSlotHeader(parsed.data).equals(bytes)) throw tampered(slotIdHint, 'header-noncanonical');
  return parsed.data;
}

export function tampered(slotId: string, reason: string): AppError {
  return new AppError('BACKUP_KEYRING_TAMPERED', undefined, { slotId, reason });
}
