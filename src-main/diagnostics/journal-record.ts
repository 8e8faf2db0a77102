// The records of the operations journal (one JSON object per line). Everything in them is typed
// down to enums, numbers, booleans and catalogue codes, so no message text, name, key or path can
// get in by accident: there is no free-text field to put it in.
import { z } from 'zod';

export const OperationKind = z.enum(['backup', 'restore', 'verify', 'prune', 'ceremony']);
export type OperationKind = z.infer<typeof OperationKind>;

export const StepName = z.enum([
  'open-repository',
  'unlock',
  'back-up',
  'stage-database',
  'swap',
  'restore-media',
  'cache-key',
  'verify',
  'prune',
  'save-settings',
  'ceremony',
]);
export type StepName = z.infer<typeof StepName>;

export const Outcome = z.enum(['ok', 'failed', 'cancelled']);
export type Outcome = z.infer<typeof Outcome>;

const code = z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/);
const short = z.string().regex(/^[A-Za-z0-9 ._()/+-]{0,64}$/);

/** Facts about where a ceremony ran: versions and authenticator facts, nothing about the person. */
export const Environment = z.strictObject({
  os: short,
  osVersion: short,
  app: short,
  electron: short.nullable(),
  chromium: short.nullable(),
  aaguid: z
    .string()
    .regex(/^[0-9a-f-]{36}$/)
    .nullable()
    .optional(),
  transports: z
    .array(z.string().regex(/^[a-z-]{1,32}$/))
    .max(8)
    .optional(),
  prfOffered: z.boolean().optional(),
  prfReturned: z.boolean().optional(),
  backupEligible: z.boolean().optional(),
  backedUp: z.boolean().optional(),
});
export type Environment = z.infer<typeof Environment>;

const at = z.string();
const op = z.string().regex(/^[a-f0-9]{16}$/);

export const JournalRecord = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('op'), op, kind: OperationKind, at, pid: z.int().nonnegative(), env: Environment.optional() }),
  z.strictObject({ t: z.literal('step'), op, step: StepName, at }),
  z.strictObject({
    t: z.literal('step-end'),
    op,
    step: StepName,
    at,
    ms: z.number().nonnegative(),
    outcome: Outcome,
    code: code.optional(),
    bytes: z.number().nonnegative().optional(),
  }),
  /** `env` here adds what was only known at the end (the authenticator's facts after a ceremony). */
  z.strictObject({ t: z.literal('op-end'), op, at, outcome: Outcome, code: code.optional(), env: Environment.partial().optional() }),
]);
export type JournalRecord = z.infer<typeof JournalRecord>;
