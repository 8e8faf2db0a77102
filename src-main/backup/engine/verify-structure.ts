// `verify` without a key: what anyone holding a copy of the repository can check (support staff with
// a folder someone sent). config parses; every slot parses; every object's clear header names the
// kind, repository and id it is stored under; every object's framing is complete. Whether the bytes
// are authentic, and whether snapshots' references resolve, needs BK: that is verify-full.
import { idToHex } from '../../crypto/ids.ts';
import { checkObjectFraming } from '../../crypto/object-framing.ts';
import type { ObjectKind } from '../../crypto/object-header.ts';
import type { JobContext } from '../../jobs/jobs.ts';
import type { Destination } from '../destination/destination.ts';
import { objectName } from '../destination/names.ts';
import { listObjects, nameOfObject } from '../repository/objects.ts';
import { openRepository } from '../repository/repository.ts';
import { throwIfCancelled } from './cancel.ts';
import { mapLimited } from './map-limited.ts';
import { throttledProgress } from './progress.ts';
import { problemOf, type VerifyProblem, type VerifyReport } from './verify-report.ts';

const KINDS: readonly ObjectKind[] = ['snapshot', 'index', 'pack', 'lock'];
/** Sizes asked for at once, for the progress total: on a bucket each is a HEAD, a round trip. */
const STATS_IN_FLIGHT = 8;
const PLURAL: Readonly<Record<ObjectKind, string>> = { snapshot: 'snapshots', index: 'indexes', pack: 'packs', lock: 'locks' };

export async function verifyStructure(destination: Destination, context: JobContext): Promise<VerifyReport> {
  const locked = await openRepository(destination);
  const repositoryId = Buffer.from(locked.config.repositoryId, 'hex');
  const problems: VerifyProblem[] = locked.unreadableSlots.map((slot) => ({
    object: objectName('keys', slot.slotId),
    code: slot.code,
    reason: slot.reason,
  }));
  const checked: Record<string, number> = { slots: locked.slots.length + locked.unreadableSlots.length, bytes: 0 };
  const names = new Map<ObjectKind, string[]>();
  let bytesTotal = 0;
  for (const kind of KINDS) {
    const ids = await listObjects(destination, kind);
    names.set(kind, ids);
    const sizes = await mapLimited(ids, STATS_IN_FLIGHT, async (id) => (await destination.stat(nameOfObject(kind, id)))?.size ?? 0);
    bytesTotal += sizes.reduce((sum, size) => sum + size, 0);
  }
  const progress = throttledProgress(context.onProgress, 'verify', bytesTotal);
  for (const kind of KINDS) {
    const ids = names.get(kind) ?? [];
    checked[PLURAL[kind]] = ids.length;
    for (const id of ids) {
      throwIfCancelled(context.signal);
      const name = nameOfObject(kind, id);
      try {
        const ref = { kind, repositoryId, objectId: Buffer.from(id, 'hex') };
        const { bytes } = await checkObjectFraming(await destination.get(name), ref);
        checked['bytes'] = (checked['bytes'] ?? 0) + bytes;
        progress.add(bytes);
      } catch (error) {
        const problem = problemOf(error, name);
        // A lock released between listing and reading is not damage.
        if (kind === 'lock' && problem.code === 'BACKUP_OBJECT_MISSING') continue;
        problems.push(problem);
      }
    }
  }
  progress.finish();
  return { mode: 'structure', ok: problems.length === 0, repositoryId: idToHex(repositoryId), checked, problems };
}
