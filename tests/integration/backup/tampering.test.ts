// Tampering (docs/backup-format.md §6, §7, §18): every edit of a repository is detected with its own
// error code by restore and by full verify (and by structure verify where the clear bytes show it),
// and never yields wrong data: the target profile keeps its store and no media file with other bytes
// appears. Then hundreds of seeded random mutations, each on a fresh copy of a small repository.
import { cpSync, readFileSync, renameSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadChunkLocator } from '../../../src-main/backup/engine/load-indexes.ts';
import { readManifest } from '../../../src-main/backup/engine/snapshots.ts';
import { createFolderDestination } from '../../../src-main/backup/destination/folder.ts';
import { newObjectId, openRepository } from '../../../src-main/backup/repository/repository.ts';
import { generateRecoveryKey } from '../../../src-main/crypto/recovery-key.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { createPrng } from '../../../src-main/seed/prng.ts';
import { ensureProfile, type ProfilePaths } from '../../../src-main/store/profile.ts';
import { AppError, type ErrorCode } from '../../../src-shared/errors.ts';
import {
  backupTo,
  editFile,
  fileTempDir,
  flipBit,
  initRepository,
  mediaFiles,
  MUTATIONS,
  mutateRandomly,
  objectFiles,
  replaceText,
  restoreFrom,
  rewriteHeaderId,
  seededProfile,
  sizeOf,
  slotHeaderLength,
  storeDigest,
  swapFiles,
  verifyFullOf,
  verifyStructureOf,
  type StoreDigest,
} from '../../helpers/backup-fixture.ts';
import { expectAppErrorAsync } from '../../helpers/backup-repo.ts';
import { tempDir } from '../../helpers/profile.ts';

interface Fixture {
  readonly repo: string;
  readonly recoveryKey: string;
  readonly repositoryId: string;
  /** Oldest first; the second backup added chats and media, so it has its own pack and index. */
  readonly snapshots: readonly [string, string];
  readonly indexes: readonly [string, string];
  /** The pack holding the newest snapshot's first database chunk: restore reads it before any swap. */
  readonly databasePack: string;
  readonly otherPack: string;
  /** The newest snapshot's content. */
  readonly expected: StoreDigest | null;
  readonly expectedMedia: readonly string[];
  /** A profile with a store of its own, copied as the restore target of every case. */
  readonly target: ProfilePaths;
  readonly targetStore: StoreDigest | null;
  readonly targetMedia: readonly string[];
  /** A snapshot object of another repository, and its id. */
  readonly foreign: { readonly file: string; readonly id: string };
}

let fixture: Fixture;

const idOf = (file: string): string => path.basename(file);
const only = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

beforeAll(async () => {
  const root = fileTempDir();
  const source = await seededProfile(path.join(root, 'source'), { chats: 3, messages: 1500, mediaMb: 1, seed: 11 });
  const repo = path.join(root, 'repo');
  const { recoveryKey } = await initRepository(source, repo);
  const first = await backupTo(source, repo);
  const firstIndex = idOf(only(objectFiles(repo, 'index')));
  await seedStore(source, { chats: 2, messages: 600, mediaMb: 1, seed: 12 });
  const second = await backupTo(source, repo);
  const secondIndex = idOf(only(objectFiles(repo, 'index').filter((file) => idOf(file) !== firstIndex)));

  const repository = (await openRepository(createFolderDestination(repo))).unlockWithRecoveryKey(recoveryKey);
  let databasePack: string;
  try {
    const manifest = await readManifest(repository, second.snapshotId);
    const firstChunk = manifest.database.chunks[0]?.id ?? '';
    databasePack = (await loadChunkLocator(repository)).get(firstChunk)?.packId ?? '';
  } finally {
    repository.close();
  }
  const packs = objectFiles(repo, 'data');
  expect(packs.length).toBeGreaterThanOrEqual(2);

  const other = await seededProfile(path.join(root, 'other'), { chats: 1, messages: 50, mediaMb: 0, seed: 13 });
  const otherRepo = path.join(root, 'other-repo');
  await initRepository(other, otherRepo);
  const foreignId = (await backupTo(other, otherRepo)).snapshotId;
  const target = await seededProfile(path.join(root, 'target'), { chats: 2, messages: 200, mediaMb: 0.3, seed: 14 });
  fixture = {
    repo,
    recoveryKey,
    repositoryId: (JSON.parse(readFileSync(path.join(repo, 'config'), 'utf8')) as { repositoryId: string }).repositoryId,
    snapshots: [first.snapshotId, second.snapshotId],
    indexes: [firstIndex, secondIndex],
    databasePack,
    otherPack: idOf(packs.find((file) => idOf(file) !== databasePack) ?? ''),
    expected: storeDigest(source.database),
    expectedMedia: mediaFiles(source),
    target,
    targetStore: storeDigest(target.database),
    targetMedia: mediaFiles(target),
    foreign: { file: path.join(otherRepo, 'snapshots', foreignId), id: foreignId },
  };
}, 60_000);

/** Paths of one copy of the fixture repository. */
class RepoCopy {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }
  get config(): string {
    return path.join(this.dir, 'config');
  }
  get slot(): string {
    return only(objectFiles(this.dir, 'keys'));
  }
  /** The slot's clear-header length H (§7.1). */
  get slotHeader(): number {
    return slotHeaderLength(this.slot);
  }
  get dbPack(): string {
    return this.pack(fixture.databasePack);
  }
  get newest(): string {
    return this.snapshot(fixture.snapshots[1]);
  }
  get older(): string {
    return this.snapshot(fixture.snapshots[0]);
  }
  get newIndex(): string {
    return this.index(fixture.indexes[1]);
  }
  /** Where another repository's snapshot lands when copied in. */
  get foreign(): string {
    return this.snapshot(fixture.foreign.id);
  }
  get oldIndex(): string {
    return this.index(fixture.indexes[0]);
  }
  pack(id: string): string {
    return path.join(this.dir, 'data', id.slice(0, 2), id);
  }
  index(id: string): string {
    return path.join(this.dir, 'index', id);
  }
  snapshot(id: string): string {
    return path.join(this.dir, 'snapshots', id);
  }
  all(): string[] {
    return [this.config, ...['keys', 'data', 'index', 'snapshots'].flatMap((folder) => objectFiles(this.dir, folder))];
  }
}

function copyRepository(): RepoCopy {
  const dir = path.join(tempDir('companion-tamper-'), 'repo');
  cpSync(fixture.repo, dir, { recursive: true });
  return new RepoCopy(dir);
}

function copyTarget(): ProfilePaths {
  const dir = path.join(tempDir('companion-target-'), 'profile');
  cpSync(fixture.target.dir, dir, { recursive: true });
  return ensureProfile(dir);
}

// ---- Expectations ----

interface Detection {
  readonly restore: ErrorCode;
  readonly reason?: string;
  /** Codes full verify reports, or { throws } when it cannot even unlock. */
  readonly full: readonly ErrorCode[] | { readonly throws: ErrorCode };
  /** Codes structure verify reports ([] when the change is invisible without the key), or { throws }. */
  readonly structure: readonly ErrorCode[] | { readonly throws: ErrorCode };
}

async function expectDetected(repo: RepoCopy, detection: Detection): Promise<void> {
  const target = copyTarget();
  const details = detection.reason === undefined ? undefined : { reason: detection.reason };
  await expectAppErrorAsync(() => restoreFrom(target, repo.dir, fixture.recoveryKey), detection.restore, details);
  expect(storeDigest(target.database), 'the target keeps its store').toEqual(fixture.targetStore);
  expect(mediaFiles(target)).toEqual(fixture.targetMedia);
  await expectReports(repo, detection);
}

async function expectReports(repo: RepoCopy, detection: Pick<Detection, 'full' | 'structure'>): Promise<void> {
  const codesOf = (problems: readonly { code: ErrorCode }[]): ErrorCode[] => [...new Set(problems.map((problem) => problem.code))].sort();
  if ('throws' in detection.full) await expectAppErrorAsync(() => verifyFullOf(repo.dir, fixture.recoveryKey), detection.full.throws);
  else expect(codesOf((await verifyFullOf(repo.dir, fixture.recoveryKey)).problems), 'full verify').toEqual([...detection.full].sort());
  if ('throws' in detection.structure) await expectAppErrorAsync(() => verifyStructureOf(repo.dir), detection.structure.throws);
  else expect(codesOf((await verifyStructureOf(repo.dir)).problems), 'structure verify').toEqual([...detection.structure].sort());
}

const CORRUPT = 'BACKUP_OBJECT_CORRUPT';
const TRUNCATED = 'BACKUP_OBJECT_TRUNCATED';
const MISMATCH = 'BACKUP_OBJECT_MISMATCH';
const MISSING = 'BACKUP_OBJECT_MISSING';
const TAMPERED = 'BACKUP_KEYRING_TAMPERED';
const WRONG_KEY = 'RECOVERY_KEY_WRONG';

interface Case extends Detection {
  readonly name: string;
  readonly mutate: (repo: RepoCopy) => void;
}

/** `restore` is CODE or CODE/reason; a single code for a verify means it throws that code. */
function by(restore: string, full: readonly ErrorCode[] | ErrorCode, structure: readonly ErrorCode[] | ErrorCode): Detection {
  const [code, reason] = restore.split('/') as [ErrorCode, string | undefined];
  const as = (value: readonly ErrorCode[] | ErrorCode) => (typeof value === 'string' ? { throws: value } : value);
  return { restore: code, ...(reason === undefined ? {} : { reason }), full: as(full), structure: as(structure) };
}

const AUTHENTICATION = 'BACKUP_OBJECT_CORRUPT/authentication';
const BINDING = 'BACKUP_KEYRING_TAMPERED/binding';
const NOT_REPO = 'BACKUP_NOT_A_REPOSITORY';
const UNSUPPORTED = 'BACKUP_FORMAT_UNSUPPORTED';
const inTheMiddle = (file: string): void => flipBit(file, Math.floor(sizeOf(file) / 2), 3);
const editKeyId = (config: string): void =>
  editFile(config, (bytes) => {
    const parsed = JSON.parse(bytes.toString('utf8')) as { keyId: string };
    parsed.keyId = `${parsed.keyId.startsWith('0') ? '1' : '0'}${parsed.keyId.slice(1)}`;
    return Buffer.from(JSON.stringify(parsed));
  });

const cases: Case[] = [
  // A flipped bit in every kind of object.
  { name: 'a bit flipped inside a pack', mutate: (r) => inTheMiddle(r.dbPack), ...by(AUTHENTICATION, [CORRUPT], []) },
  { name: 'a bit flipped inside an index', mutate: (r) => inTheMiddle(r.newIndex), ...by(AUTHENTICATION, [CORRUPT, MISSING], []) },
  { name: 'a bit flipped inside a snapshot', mutate: (r) => inTheMiddle(r.newest), ...by(AUTHENTICATION, [CORRUPT], []) },
  { name: "a bit flipped in a pack's object id", mutate: (r) => flipBit(r.dbPack, 30), ...by(MISMATCH, [MISMATCH], [MISMATCH]) },
  { name: "a flipped bit in a slot's wrapped key", mutate: (r) => flipBit(r.slot, r.slotHeader + 80), ...by(BINDING, TAMPERED, []) },
  { name: "a slot's MAC flipped", mutate: (r) => flipBit(r.slot, sizeOf(r.slot) - 1), ...by(`${TAMPERED}/keyring-mac`, TAMPERED, []) },
  { name: "a flipped bit in a slot's check", mutate: (r) => flipBit(r.slot, r.slotHeader + 40), ...by(WRONG_KEY, WRONG_KEY, []) },
  // The only recovery slot is unreadable: the keyring is damaged, not the key wrong.
  { name: "a bit flipped in a slot's magic", mutate: (r) => flipBit(r.slot, 0), ...by(`${TAMPERED}/magic`, TAMPERED, [TAMPERED]) },
  { name: "a slot's label edited", mutate: (r) => replaceText(r.slot, 'Recovery key', 'Recovery kez'), ...by(BINDING, TAMPERED, []) },
  {
    name: 'config format edited',
    mutate: (r) => replaceText(r.config, '-backup', '-backuq'),
    ...by(`${NOT_REPO}/format`, NOT_REPO, NOT_REPO),
  },
  {
    name: 'config version edited',
    mutate: (r) => replaceText(r.config, 'version":1', 'version":3'),
    ...by(UNSUPPORTED, UNSUPPORTED, UNSUPPORTED),
  },
  { name: "config's key id edited", mutate: (r) => editKeyId(r.config), ...by(`${TAMPERED}/key-id`, TAMPERED, []) },
  // Truncated objects.
  { name: 'a truncated pack', mutate: (r) => truncateSync(r.dbPack, 1000), ...by(`${TRUNCATED}/pack-size`, [TRUNCATED], [TRUNCATED]) },
  { name: 'a truncated index', mutate: (r) => truncateSync(r.newIndex, 100), ...by(TRUNCATED, [TRUNCATED, MISSING], [TRUNCATED]) },
  { name: 'a truncated snapshot', mutate: (r) => truncateSync(r.newest, 200), ...by(`${TRUNCATED}/mid-message`, [TRUNCATED], [TRUNCATED]) },
  { name: 'a truncated slot', mutate: (r) => truncateSync(r.slot, 60), ...by(`${TAMPERED}/length`, TAMPERED, [TAMPERED]) },
  { name: 'a truncated config', mutate: (r) => truncateSync(r.config, 40), ...by(`${NOT_REPO}/json`, NOT_REPO, NOT_REPO) },
  // Objects swapped, moved, or replaced by older ones.
  { name: 'two snapshots swapped', mutate: (r) => swapFiles(r.older, r.newest), ...by(MISMATCH, [MISMATCH], [MISMATCH]) },
  { name: 'two indexes swapped', mutate: (r) => swapFiles(r.oldIndex, r.newIndex), ...by(MISMATCH, [MISMATCH, MISSING], [MISMATCH]) },
  { name: 'a snapshot renamed', mutate: (r) => renameSync(r.newest, r.snapshot(newObjectId())), ...by(MISMATCH, [MISMATCH], [MISMATCH]) },
  {
    name: 'the older index as the newest',
    mutate: (r) => cpSync(r.oldIndex, r.newIndex),
    ...by(MISMATCH, [MISMATCH, MISSING], [MISMATCH]),
  },
  { name: 'the older snapshot as the newest', mutate: (r) => cpSync(r.older, r.newest), ...by(MISMATCH, [MISMATCH], [MISMATCH]) },
  {
    name: 'the newest snapshot replaced by the older one, its header rewritten to the new id',
    mutate: (r) => {
      cpSync(r.older, r.newest);
      rewriteHeaderId(r.newest, 24, fixture.snapshots[1]);
    },
    ...by(AUTHENTICATION, [CORRUPT], []),
  },
  // Deleted objects.
  { name: 'a deleted pack', mutate: (r) => rmSync(r.dbPack), ...by(MISSING, [MISSING], []) },
  { name: 'a deleted index', mutate: (r) => rmSync(r.newIndex), ...by(MISSING, [MISSING], []) },
  // A manifest from another repository.
  {
    name: 'a snapshot of another repository',
    mutate: (r) => cpSync(fixture.foreign.file, r.foreign),
    ...by(MISMATCH, [MISMATCH], [MISMATCH]),
  },
  {
    name: "another repository's snapshot copied in, its header rewritten to this repository",
    mutate: (r) => {
      cpSync(fixture.foreign.file, r.foreign);
      rewriteHeaderId(r.foreign, 8, fixture.repositoryId);
    },
    ...by(AUTHENTICATION, [CORRUPT], []),
  },
];

describe('a tampered repository', () => {
  it.each(cases)('is refused: $name', async ({ mutate, ...detection }) => {
    const repo = copyRepository();
    mutate(repo);
    await expectDetected(repo, detection);
  });

  it('is refused when two packs are swapped: by the size the index promised, else by the object id', async () => {
    const repo = copyRepository();
    const [a, b] = [repo.pack(fixture.databasePack), repo.pack(fixture.otherPack)];
    const [sizeA, sizeB] = [sizeOf(a), sizeOf(b)];
    const codeFor = (holds: number, promised: number): ErrorCode => (holds < promised ? TRUNCATED : holds > promised ? CORRUPT : MISMATCH);
    swapFiles(a, b);
    const restore = codeFor(sizeB, sizeA);
    await expectDetected(repo, {
      restore,
      ...(restore === MISMATCH ? {} : { reason: 'pack-size' }),
      full: [...new Set([restore, codeFor(sizeA, sizeB)])],
      structure: [MISMATCH],
    });
  });

  it('still restores exactly when only a slot it does not use was edited, and verify names that slot', async () => {
    const repo = copyRepository();
    const unlocked = (await openRepository(createFolderDestination(repo.dir))).unlockWithRecoveryKey(fixture.recoveryKey);
    const slotId = newObjectId();
    const created = new Date().toISOString();
    try {
      await unlocked.addSlot(
        { kind: 'recovery', slotId, repositoryId: fixture.repositoryId, label: 'Second key', created },
        generateRecoveryKey(),
      );
    } finally {
      unlocked.close();
    }
    replaceText(path.join(repo.dir, 'keys', slotId), 'Second key', 'Second kex');
    const report = await verifyFullOf(repo.dir, fixture.recoveryKey);
    expect(report.problems).toEqual([{ object: `keys/${slotId}`, code: TAMPERED, reason: 'keyring-mac' }]);
    await expectReports(repo, { full: [TAMPERED], structure: [] });
    const target = copyTarget();
    await restoreFrom(target, repo.dir, fixture.recoveryKey);
    expect(storeDigest(target.database)).toEqual(fixture.expected);
  });
});

// ---- Random mutations ----

const ALLOWED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  CORRUPT,
  TRUNCATED,
  MISMATCH,
  TAMPERED,
  WRONG_KEY,
  'BACKUP_NOT_A_REPOSITORY',
  'BACKUP_FORMAT_UNSUPPORTED',
]);

describe('random mutations of a repository', () => {
  it('are each refused with an allowed code, or restore exactly the backed-up data; never anything else', async () => {
    const prng = createPrng(20_261_201);
    const seen = { kinds: new Set<string>(), folders: new Set<string>(), codes: new Set<string>() };
    const mutations = 300;
    let identical = 0;
    for (let i = 0; i < mutations; i += 1) {
      const repo = copyRepository();
      const mutation = mutateRandomly(repo.dir, repo.all(), prng);
      seen.kinds.add(mutation.kind);
      seen.folders.add(mutation.folder);
      const target = copyTarget();
      let restored = false;
      try {
        await restoreFrom(target, repo.dir, fixture.recoveryKey);
        restored = true;
      } catch (error) {
        if (!(error instanceof AppError)) throw new Error(`${mutation.text}: not an AppError`, { cause: error });
        expect(ALLOWED.has(error.code), `${mutation.text}: ${error.code}`).toBe(true);
        seen.codes.add(error.code);
      }
      const store = storeDigest(target.database);
      const media = mediaFiles(target); // every file holds the bytes its name promises
      if (restored) {
        identical += 1;
        expect(store, mutation.text).toEqual(fixture.expected);
        expect(media, mutation.text).toEqual([...new Set([...fixture.targetMedia, ...fixture.expectedMedia])].sort());
      } else {
        // Media come after the swap: damage found there leaves the (verified) new store in place.
        expect([fixture.targetStore, fixture.expected], mutation.text).toContainEqual(store);
        const report = await verifyFullOf(repo.dir, fixture.recoveryKey).catch((error: unknown) => {
          if (error instanceof AppError && ALLOWED.has(error.code)) return null;
          throw error;
        });
        expect(report?.ok ?? false, `${mutation.text}: full verify must see what restore saw`).toBe(false);
      }
      rmSync(path.dirname(repo.dir), { recursive: true });
      rmSync(path.dirname(target.dir), { recursive: true });
    }
    // Everything restore needs is authenticated: only a harmless edit (config's date) may go unnoticed.
    expect(identical).toBeLessThan(mutations * 0.03);
    expect([...seen.kinds].sort()).toEqual([...MUTATIONS].sort());
    expect([...seen.folders].sort()).toEqual(['config', 'data', 'index', 'keys', 'snapshots']);
    expect(seen.codes.size).toBeGreaterThanOrEqual(6);
  }, 150_000);
});
