// The plaintext of a lock object (§13): JSON naming who holds the repository and since when. It is
// encrypted because a host name is personal.
import { z } from 'zod';

export type LockMode = 'exclusive' | 'shared';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

// Unknown fields are ignored (§16: lock records may gain fields within version 1).
const LockRecordSchema = z.object({
  type: z.literal('lock'),
  version: z.literal(1),
  mode: z.enum(['exclusive', 'shared']),
  operation: z.string().min(1).max(64),
  host: z.string().max(255),
  hostId: z.string().regex(/^[0-9a-f]{32}$/),
  pid: z.number().int().nonnegative(),
  started: isoDate,
  heartbeat: isoDate,
});

export type LockRecord = z.infer<typeof LockRecordSchema>;

/** Fields in the order of §13. */
export function encodeLockRecord(record: LockRecord): Buffer {
  const { type, version, mode, operation, host, hostId, pid, started, heartbeat } = record;
  return Buffer.from(JSON.stringify({ type, version, mode, operation, host, hostId, pid, started, heartbeat }), 'utf8');
}

/** null when the plaintext is not a lock record this version understands (the lock then ages by its mtime). */
export function parseLockRecord(plaintext: Uint8Array): LockRecord | null {
  try {
    const parsed = LockRecordSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
