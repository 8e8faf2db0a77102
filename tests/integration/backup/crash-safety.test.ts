// Crash safety (docs/backup-format.md §13, §14): the real CLI runs as a child process and is killed
// with SIGKILL at many points of a backup or a restore: when its lock, the Nth pack or the index
// appears, at evenly spaced fractions of the bytes a measured uncrashed backup writes, and as a
// restore's staging file grows, checkpoints, swaps and brings back media. After every kill the
// repository must verify, earlier snapshots must still restore, the next backup must succeed (the
// dead process's lock is stale for the same profile), and a profile whose restore was killed must
// hold its old store, or exactly the backed-up one once the swap happened, until the restore is run
// again and completes.
import { cpSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRestoreState } from '../../../src-main/backup/engine/restore-state.ts';
import { seedStore } from '../../../src-main/seed/seed-store.ts';
import { readSettings } from '../../../src-main/services/profile-settings.ts';
import { ensureProfile, type ProfilePaths } from '../../../src-main/store/profile.ts';
import {
  backupTo,
  countObjects,
  evenlySpaced,
  packBytes,
  initRepository,
  mediaFiles,
  restoreFrom,
  runCliUntil,
  seededProfile,
  storeDigest,
  verifyFullOf,
  verifyStructureOf,
  type KillTrigger,
} from '../../helpers/backup-fixture.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/profile.ts';

interface KillPlan {
  readonly name: string;
  /** Given the folder to watch (the repository, or the target profile). */
  readonly trigger: (dir: string) => KillTrigger;
}

function cliOk(args: readonly string[]): unknown {
  const run = runCli(args);
  expect(run.status, `${args[0]} failed: ${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout);
}

describe('a backup killed with SIGKILL', () => {
  it('at any point leaves a repository that verifies, restores its earlier snapshot and takes the next backup', async () => {
    const root = tempDir();
    const profile = await seededProfile(path.join(root, 'profile'), { chats: 3, messages: 2000, mediaMb: 1, seed: 1 });
    const template = path.join(root, 'template');
    const { recoveryKey, keyFile } = await initRepository(profile, template);
    const first = await backupTo(profile, template);
    const firstStore = storeDigest(profile.database);
    const firstMedia = mediaFiles(profile);
    // Enough new media that the backup under test writes several 16 MiB packs.
    await seedStore(profile, { chats: 4, messages: 20_000, mediaMb: 36, seed: 2 });
    const { hostId } = readSettings(profile);
    const basePacks = countObjects(template, 'data');
    const fresh = (name: string): string => {
      const dir = path.join(root, name);
      cpSync(template, dir, { recursive: true });
      return dir;
    };
    const backupArgs = (repo: string): string[] => ['backup', '--profile', profile.dir, '--repo', repo, '--json'];

    // An uncrashed run, to measure what the backup writes and how long it takes to start.
    const calibration = fresh('calibration');
    let engineStarted: number | null = null;
    const calibrationStart = performance.now();
    const uncrashed = await runCliUntil(backupArgs(calibration), {
      when: () => {
        if (engineStarted === null && countObjects(calibration, 'locks') > 0) engineStarted = performance.now() - calibrationStart;
        return false;
      },
    });
    expect(uncrashed.code, uncrashed.stderr).toBe(0);
    const newPacks = countObjects(calibration, 'data') - basePacks;
    expect(newPacks).toBeGreaterThanOrEqual(3);
    const baseBytes = packBytes(template);
    const newBytes = packBytes(calibration) - baseBytes;
    rmSync(calibration, { recursive: true });

    const plans: KillPlan[] = [
      { name: 'before the engine starts', trigger: () => ({ afterMs: (engineStarted ?? uncrashed.ms / 3) / 2 }) },
      { name: 'once its lock is written', trigger: (repo) => ({ when: () => countObjects(repo, 'locks') > 0 }) },
      // Evenly spaced over the bytes it writes (rather than over time, which a busy machine stretches).
      ...evenlySpaced(0, newBytes, 7).map((bytes) => ({
        name: `at ${Math.round((bytes / newBytes) * 100)}% of its packs`,
        trigger: (repo: string): KillTrigger => ({ when: () => packBytes(repo) - baseBytes >= bytes }),
      })),
      ...Array.from({ length: newPacks - 1 }, (_, k) => ({
        name: `after pack ${k + 1} of ${newPacks}`,
        trigger: (repo: string): KillTrigger => ({ when: () => countObjects(repo, 'data') >= basePacks + k + 1 }),
      })),
      { name: 'after the index', trigger: (repo) => ({ when: () => countObjects(repo, 'index') > 1 }) },
    ];

    let killed = 0;
    let lastRepo = '';
    for (const [i, plan] of plans.entries()) {
      const repo = fresh(`kill-${i}`);
      const outcome = await runCliUntil(backupArgs(repo), plan.trigger(repo));
      if (outcome.killed) killed += 1;
      else expect(outcome.code, `${plan.name}: ${outcome.stderr}`).toBe(0);
      const orphanPacks = countObjects(repo, 'data') - basePacks;
      if (plan.name.startsWith('after pack ')) {
        // Killed with packs written but no index yet: they are unreferenced, and must stay harmless.
        expect(outcome.killed, plan.name).toBe(true);
        expect(orphanPacks, plan.name).toBeGreaterThanOrEqual(Number(plan.name.split(' ')[2]));
        expect(countObjects(repo, 'snapshots'), plan.name).toBe(1);
      }

      const structure = await verifyStructureOf(repo);
      expect(structure.problems, `${plan.name}: structure`).toEqual([]);
      // Verify as this profile would: its host id makes the dead process's lock stale (§13).
      const full = await verifyFullOf(repo, recoveryKey, { hostId });
      expect(full.problems, `${plan.name}: full`).toEqual([]);
      expect(full.ok).toBe(true);

      await backupTo(profile, repo); // the next backup, from the same profile
      expect(countObjects(repo, 'locks'), `${plan.name}: the stale lock is gone`).toBe(0);
      expect(countObjects(repo, 'snapshots')).toBeGreaterThanOrEqual(2);

      const earlier = ensureProfile(path.join(root, `restored-${i}`));
      await restoreFrom(earlier, repo, recoveryKey, first.snapshotId);
      expect(storeDigest(earlier.database), `${plan.name}: the earlier snapshot`).toEqual(firstStore);
      expect(mediaFiles(earlier)).toEqual(firstMedia);
      rmSync(earlier.dir, { recursive: true });
      if (lastRepo !== '') rmSync(lastRepo, { recursive: true });
      lastRepo = repo;
    }
    expect(killed).toBeGreaterThanOrEqual(10);

    // The backup that followed the last crash verifies through the CLI (as another computer would:
    // no lock may be left) and holds the whole current store.
    expect(cliOk(['verify', '--repo', lastRepo, '--recovery-key-file', keyFile, '--json'])).toMatchObject({ ok: true, mode: 'full' });
    const latest = ensureProfile(path.join(root, 'restored-latest'));
    await restoreFrom(latest, lastRepo, recoveryKey);
    expect(storeDigest(latest.database)).toEqual(storeDigest(profile.database));
    expect(mediaFiles(latest)).toEqual(mediaFiles(profile));
  }, 180_000);
});

describe('a restore killed with SIGKILL', () => {
  const staging = (dir: string): string => path.join(dir, 'restore', 'staging.db');
  const restorePlans = (databaseBytes: number, media: { before: number; added: number }, all: boolean): KillPlan[] => [
    all
      ? {
          name: 'a third into staging',
          trigger: (dir) => ({ when: () => (statSync(staging(dir), { throwIfNoEntry: false })?.size ?? 0) >= databaseBytes / 3 }),
        }
      : { name: 'once staging starts', trigger: (dir) => ({ when: () => existsSync(staging(dir)) }) },
    { name: 'once its state is saved', trigger: (dir) => ({ when: () => existsSync(path.join(dir, 'restore', 'state.json')) }) },
    ...(all
      ? [{ name: 'during the swap', trigger: (dir: string) => ({ when: () => existsSync(path.join(dir, 'restore-swap.json')) }) }]
      : []),
    { name: 'after the first media file', trigger: (dir) => ({ when: () => mediaCount(dir) > media.before }) },
    ...(all
      ? [
          {
            name: 'halfway through the media',
            trigger: (dir: string) => ({ when: () => mediaCount(dir) >= media.before + media.added / 2 }),
          },
        ]
      : []),
  ];

  /** Files in a profile's media store, without reading them. */
  function mediaCount(dir: string): number {
    const media = path.join(dir, 'media');
    try {
      return readdirSync(media).reduce((sum, prefix) => sum + readdirSync(path.join(media, prefix)).length, 0);
    } catch {
      return 0;
    }
  }

  it('leaves the store as it was, or exactly the backup once swapped, and running it again completes', async () => {
    const root = tempDir();
    const source = await seededProfile(path.join(root, 'source'), { chats: 4, messages: 60_000, mediaMb: 10, seed: 3 });
    const repo = path.join(root, 'repo');
    const { keyFile } = await initRepository(source, repo);
    await backupTo(source, repo);
    const backedUp = storeDigest(source.database);
    const backedUpMedia = mediaFiles(source);
    const existing = await seededProfile(path.join(root, 'existing'), { chats: 2, messages: 400, mediaMb: 1, seed: 9 });
    const cases: { name: string; template: ProfilePaths | null }[] = [
      { name: 'a profile with its own store', template: existing },
      { name: 'an empty profile (a new computer)', template: null },
    ];
    const restoreArgs = (dir: string): string[] => ['restore', '--profile', dir, '--repo', repo, '--recovery-key-file', keyFile, '--json'];
    const seen = { old: 0, swapped: 0, resumedFromState: 0 };

    for (const { name, template } of cases) {
      const before = template === null ? null : storeDigest(template.database);
      const mediaBefore = template === null ? [] : mediaFiles(template);
      const prepare = (label: string): string => {
        const dir = path.join(root, label);
        if (template !== null) cpSync(template.dir, dir, { recursive: true });
        return dir;
      };
      const added = backedUpMedia.filter((name) => !mediaBefore.includes(name)).length;
      const plans = restorePlans(statSync(source.database).size, { before: mediaBefore.length, added }, template !== null);

      for (const [i, plan] of plans.entries()) {
        const dir = prepare(`${template === null ? 'empty' : 'existing'}-${i}`);
        const outcome = await runCliUntil(restoreArgs(dir), plan.trigger(dir));
        const label = `${name}, killed ${plan.name}`;
        const stagingLeft = existsSync(staging(dir));
        const state = readRestoreState({ dir });
        const paths = ensureProfile(dir); // start-up crash recovery, as the app and the CLI run it
        const after = storeDigest(paths.database);
        if (!outcome.killed) expect(outcome.code, `${label}: ${outcome.stderr}`).toBe(0);
        // Staging (no state yet, or phase database): the swap has not begun. Phase media: it is done.
        // No state and no staging file: killed before staging began, or after the restore had finished.
        const possible = state === null && !stagingLeft ? [before, backedUp] : state?.phase === 'media' ? [backedUp] : [before];
        expect(state?.phase === 'swap' ? [before, backedUp] : possible, label).toContainEqual(after);
        if (outcome.killed) seen[JSON.stringify(after) === JSON.stringify(before) ? 'old' : 'swapped'] += 1;
        mediaFiles(paths); // whatever is there holds the bytes its name promises

        const resumed = runCli(restoreArgs(dir));
        expect(resumed.status, `${label}: resumed restore: ${resumed.stderr}`).toBe(0);
        const result = JSON.parse(resumed.stdout) as { resumed: boolean };
        if (outcome.killed && state?.phase === 'database') {
          expect(result.resumed, label).toBe(true);
          seen.resumedFromState += 1;
        }
        expect(storeDigest(paths.database), label).toEqual(backedUp);
        expect(mediaFiles(paths), label).toEqual([...new Set([...mediaBefore, ...backedUpMedia])].sort());
        expect(existsSync(path.join(dir, 'restore')), `${label}: restore state left`).toBe(false);
        expect(existsSync(path.join(dir, 'restore-swap.json')), `${label}: swap journal left`).toBe(false);
        rmSync(dir, { recursive: true });
      }
    }
    expect(seen.old).toBeGreaterThanOrEqual(4);
    expect(seen.swapped).toBeGreaterThanOrEqual(2);
    expect(seen.resumedFromState).toBeGreaterThanOrEqual(2);
  }, 180_000);
});

describe('a backup that fails before it has copied the store', () => {
  it('releases its lock, so the same process can back up again', async () => {
    const root = tempDir();
    const profile = await seededProfile(path.join(root, 'profile'), { chats: 1, messages: 50, mediaMb: 0, seed: 5 });
    const repo = path.join(root, 'repo');
    await initRepository(profile, repo);
    renameSync(profile.database, `${profile.database}.away`);
    await expect(backupTo(profile, repo)).rejects.toThrow();
    expect(countObjects(repo, 'locks')).toBe(0);
    renameSync(`${profile.database}.away`, profile.database);
    // This process is alive, so a lock it had left behind would still count: the backup would be BUSY.
    await backupTo(profile, repo);
    expect(countObjects(repo, 'snapshots')).toBe(1);
  });
});
