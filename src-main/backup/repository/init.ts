// Creating a repository (§5): keys first, config last and create-if-absent, so a destination without
// config is an unfinished creation and two computers creating at once cannot both succeed.
import { AppError } from '../../../src-shared/errors.ts';
import { idToHex, newId } from '../../crypto/ids.ts';
import { deriveKeyId } from '../../crypto/kdf.ts';
import type { RecoverySlotHeader } from '../../crypto/keyring.ts';
import { FORMAT_VERSION, SUITE_V1 } from '../../crypto/object-header.ts';
import { generateRecoveryKey } from '../../crypto/recovery-key.ts';
import { KEY_BYTES, secureBuffer, secureCopy, sodium, zero } from '../../crypto/sodium.ts';
import type { Destination } from '../destination/destination.ts';
import { CONFIG_NAME, objectName } from '../destination/names.ts';
import { encodeConfig, REPOSITORY_FORMAT } from './config.ts';
import type { RepositoryConfig } from './config.ts';
import { authenticateKeyring, isCode, loadKeyring, writeSlot } from './keyring-store.ts';
import { UnlockedRepository } from './unlocked.ts';

export const RECOVERY_SLOT_LABEL = 'Recovery key';

export interface InitOptions {
  /** Reuse a BK (e.g. a second repository for the same profile); copied. Default: a new random BK. */
  readonly backupKey?: Uint8Array;
  readonly now?: () => Date;
}

export interface InitResult {
  readonly repository: UnlockedRepository;
  /** RK in secure memory: format it once for the user (formatRecoveryKey), then zero it. Never stored. */
  readonly recoveryKey: Buffer;
}

/**
 * Refuses a destination that holds a config, or backup data without one (a repository whose config
 * was lost: creating over it would let prune delete its packs as unreferenced).
 */
export async function initRepository(destination: Destination, options: InitOptions = {}): Promise<InitResult> {
  if ((await destination.stat(CONFIG_NAME)) !== null) throw new AppError('BACKUP_REPOSITORY_EXISTS', undefined, { reason: 'config' });
  for (const folder of ['data', 'index', 'snapshots'] as const) {
    if ((await destination.list(folder)).length > 0) throw new AppError('BACKUP_REPOSITORY_EXISTS', undefined, { reason: folder });
  }
  const created = (options.now ?? (() => new Date()))().toISOString();
  const repositoryId = idToHex(newId());
  const bk = options.backupKey === undefined ? randomKey() : secureCopy(options.backupKey);
  const rk = generateRecoveryKey();
  try {
    if (bk.byteLength !== KEY_BYTES) throw new TypeError('BK is 32 bytes');
    const header: RecoverySlotHeader = { kind: 'recovery', slotId: idToHex(newId()), repositoryId, label: RECOVERY_SLOT_LABEL, created };
    await writeSlot(destination, bk, rk, header);
    // Slots left by an earlier unfinished creation carry another repository id: they are reported.
    // Read before config is written, because nothing may fail after it: the user must see RK.
    const keyring = authenticateKeyring(await loadKeyring(destination, repositoryId), bk);
    const config: RepositoryConfig = {
      format: REPOSITORY_FORMAT,
      version: FORMAT_VERSION,
      suite: SUITE_V1,
      repositoryId,
      keyId: deriveKeyId(bk).toString('hex'),
      created,
    };
    try {
      await destination.put(CONFIG_NAME, encodeConfig(config), { ifAbsent: true });
    } catch (error) {
      // Someone else's config won the race: our slot is an orphan. After any other failure the config
      // may or may not be in place, so the slot stays (an orphan slot is only reported, never used).
      if (!isCode(error, 'BACKUP_OBJECT_EXISTS')) throw error;
      await destination.delete(objectName('keys', header.slotId));
      throw new AppError('BACKUP_REPOSITORY_EXISTS', undefined, { reason: 'config' });
    }
    const repository = new UnlockedRepository({
      destination,
      config,
      backupKey: bk,
      unlockedWith: { kind: 'created' },
      rejectedSlots: keyring.rejected,
    });
    return { repository, recoveryKey: rk };
  } catch (error) {
    zero(bk, rk);
    throw error;
  }
}

function randomKey(): Buffer {
  const bk = secureBuffer(KEY_BYTES);
  sodium.randombytes_buf(bk);
  return bk;
}
