// `inspect`: what a repository says in clear, for support and for choosing how to unlock. No key is
// asked for and nothing is decrypted, so it also works on a copy someone sent. Slot headers are shown
// as stored: without BK their keyring MAC cannot be checked, and the output says so.
import type { SlotHeader } from '../../crypto/keyring.ts';
import type { Destination } from '../destination/destination.ts';
import { listObjects, nameOfObject, type ObjectKind } from '../repository/objects.ts';
import { openRepository, type RejectedSlot } from '../repository/repository.ts';

export interface InspectedSlot {
  readonly slotId: string;
  readonly kind: SlotHeader['kind'];
  readonly label: string;
  readonly created: string;
  readonly passkey?: {
    readonly rpId: string;
    readonly credentialId: string;
    readonly transports: string[];
    readonly aaguid: string;
    readonly backupEligible: boolean;
    readonly backedUp: boolean;
  };
}

export interface InspectReport {
  readonly format: string;
  readonly version: number;
  readonly suite: number;
  readonly repositoryId: string;
  readonly keyId: string;
  readonly created: string;
  readonly slots: InspectedSlot[];
  readonly unreadableSlots: RejectedSlot[];
  readonly objects: Readonly<Record<ObjectKind, { readonly count: number; readonly bytes: number }>>;
  readonly note: string;
}

function inspectSlot(header: SlotHeader): InspectedSlot {
  const { slotId, kind, label, created } = header;
  if (header.kind === 'recovery') return { slotId, kind, label, created };
  const { rpId, credentialId, transports, aaguid, backupEligible, backedUp } = header;
  return { slotId, kind, label, created, passkey: { rpId, credentialId, transports, aaguid, backupEligible, backedUp } };
}

export async function inspectRepository(destination: Destination): Promise<InspectReport> {
  const locked = await openRepository(destination);
  const objects = {} as Record<ObjectKind, { count: number; bytes: number }>;
  for (const kind of ['pack', 'index', 'snapshot', 'lock'] as const) {
    const ids = await listObjects(destination, kind);
    let bytes = 0;
    for (const id of ids) bytes += (await destination.stat(nameOfObject(kind, id)))?.size ?? 0;
    objects[kind] = { count: ids.length, bytes };
  }
  const { format, version, suite, repositoryId, keyId, created } = locked.config;
  return {
    format,
    version,
    suite,
    repositoryId,
    keyId,
    created,
    slots: locked.slots.map(inspectSlot),
    unreadableSlots: [...locked.unreadableSlots],
    objects,
    note: 'Shown as stored, in clear. Slots are authenticated only when the repository is unlocked (verify with a key).',
  };
}
