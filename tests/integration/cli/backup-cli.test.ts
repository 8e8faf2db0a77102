// The backup commands through the real CLI in child processes, as support staff and scripts use
// them: JSON with --json, `error <CODE>: <message>` and a non-zero exit on failure, and recovery keys
// only from a file or COMPANION_RECOVERY_KEY.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/profile.ts';

function json<T>(run: { status: number | null; stdout: string; stderr: string }): T {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** `init` as a person runs it; returns the recovery key it showed. */
function init(profile: string, repo: string): string {
  const run = runCli(['init', '--profile', profile, '--repo', repo]);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('shown only this once');
  return /\b[0-9A-Z]{4}(?:-[0-9A-Z]{4,5}){12}\b/.exec(run.stdout)?.[0] ?? 'no key shown';
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('backup commands', () => {
  it('init, backup, snapshots, verify, inspect, restore and prune, with JSON out and the key from a file or the environment', () => {
    const root = tempDir();
    const source = path.join(root, 'source');
    const repo = path.join(root, 'repo');
    json(runCli(['seed', '--profile', source, '--chats', '3', '--messages', '600', '--media-mb', '1', '--seed', '4']));

    const recoveryKey = init(source, repo);
    const keyFile = path.join(root, 'key.txt');
    writeFileSync(keyFile, `${recoveryKey}\n`);

    const first = json<{ snapshotId: string }>(runCli(['backup', '--profile', source, '--json']));
    json(runCli(['seed', '--profile', source, '--chats', '1', '--messages', '10', '--media-mb', '0', '--seed', '5']));
    const second = json<{ snapshotId: string }>(runCli(['backup', '--profile', source, '--json']));

    const { snapshots: listed, unreadableSnapshots } = json<{
      snapshots: { snapshotId: string; counts: { messages: number } }[];
      unreadableSnapshots: [];
    }>(runCli(['snapshots', '--repo', repo, '--recovery-key-file', keyFile, '--json']));
    expect(unreadableSnapshots).toEqual([]);
    expect(listed.map((s) => s.snapshotId)).toEqual([first.snapshotId, second.snapshotId]);
    expect(listed.map((s) => s.counts.messages)).toEqual([600, 610]);

    // Support's tools: no profile, nothing written outside the repository but a lock that is gone again.
    const before = filesUnder(repo);
    expect(json<{ mode: string; ok: boolean }>(runCli(['verify', '--repo', repo, '--json']))).toMatchObject({
      mode: 'structure',
      ok: true,
    });
    const full = runCli(['verify', '--repo', repo, '--json'], { COMPANION_RECOVERY_KEY: recoveryKey });
    expect(json<{ mode: string; ok: boolean }>(full)).toMatchObject({ mode: 'full', ok: true });
    expect(filesUnder(repo)).toEqual(before);
    const inspected = json<{ slots: { kind: string }[]; objects: { snapshot: { count: number } } }>(
      runCli(['inspect', '--repo', repo, '--json']),
    );
    expect(inspected.slots.map((slot) => slot.kind)).toEqual(['recovery']);
    expect(inspected.objects.snapshot.count).toBe(2);
    expect(JSON.stringify(inspected)).not.toMatch(/messages|chats/i);

    const target = path.join(root, 'new-computer');
    const restored = json<{ snapshotId: string; messages: number }>(
      runCli(['restore', '--profile', target, '--repo', repo, '--recovery-key-file', keyFile, '--snapshot', first.snapshotId, '--json']),
    );
    expect(restored).toMatchObject({ snapshotId: first.snapshotId, messages: 600 });
    expect(json<{ messages: number }>(runCli(['stats', '--profile', target])).messages).toBe(600);

    const pruned = json<{ snapshotsRemoved: number }>(runCli(['prune', '--repo', repo, '--profile', source, '--keep', '1', '--json']));
    expect(pruned.snapshotsRemoved).toBe(1);
    expect(json<{ ok: boolean }>(runCli(['verify', '--repo', repo, '--recovery-key-file', keyFile, '--json'])).ok).toBe(true);
  });

  it('fails with a code: never a key on the command line, typos, a damaged repository, no repository', () => {
    const root = tempDir();
    const source = path.join(root, 'source');
    const repo = path.join(root, 'repo');
    json(runCli(['seed', '--profile', source, '--chats', '1', '--messages', '50', '--media-mb', '0']));
    const recoveryKey = init(source, repo);
    json(runCli(['backup', '--profile', source, '--json']));

    const argvKey = runCli(['restore', '--profile', path.join(root, 't'), '--repo', repo, '--recovery-key', 'ABCD']);
    expect(argvKey.status).toBe(2);
    expect(argvKey.stderr).toMatch(/^error CLI_USAGE: /);
    const noKey = runCli(['restore', '--profile', path.join(root, 't'), '--repo', repo], { COMPANION_RECOVERY_KEY: '' });
    expect(noKey.stderr).toMatch(/^error CLI_USAGE: a recovery key is needed/);
    const typo = runCli(['restore', '--profile', path.join(root, 't'), '--repo', repo], { COMPANION_RECOVERY_KEY: 'ABCD-EFGH' });
    expect(typo.status).toBe(1);
    expect(typo.stderr).toMatch(/^error RECOVERY_KEY_TYPO: /);
    expect(typo.stderr).not.toContain('ABCD');
    expect(runCli(['verify', '--repo', path.join(root, 'nothing-here')]).stderr).toMatch(
      /^error BACKUP_(NOT_A_REPOSITORY|DESTINATION_UNAVAILABLE): /,
    );
    expect(runCli(['backup', '--profile', path.join(root, 'fresh')]).stderr).toMatch(/^error BACKUP_NOT_CONFIGURED: /);
    expect(runCli(['backup', '--profile', source, '--repo', 's3://bucket/x'], { AWS_ACCESS_KEY_ID: '' }).stderr).toMatch(
      /^error CLI_USAGE: set AWS_ACCESS_KEY_ID/,
    );
    expect(runCli(['backup', '--profile', source, '--repo', 'ftp://host/x']).stderr).toMatch(
      /^error CLI_USAGE: unsupported repository "ftp:\/\/"/,
    );

    // One flipped byte in the snapshot: verify prints the report, then exits non-zero with its code.
    const snapshot = path.join(repo, 'snapshots', readdirSync(path.join(repo, 'snapshots'))[0] ?? '');
    const bytes = readFileSync(snapshot);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0x01;
    writeFileSync(snapshot, bytes);
    // The framing is intact, so only the key can see this damage.
    expect(runCli(['verify', '--repo', repo, '--json']).status).toBe(0);
    const deep = runCli(['verify', '--repo', repo, '--json'], { COMPANION_RECOVERY_KEY: recoveryKey });
    expect(deep.status).toBe(1);
    expect(JSON.parse(deep.stdout)).toMatchObject({ ok: false, problems: [{ code: 'BACKUP_OBJECT_CORRUPT', reason: 'authentication' }] });
    expect(deep.stderr).toMatch(/^error BACKUP_OBJECT_CORRUPT: Verify found 1 problem\(s\); the first is in snapshots\//);
    // The listing names the damaged backup (beside any readable ones), then fails with its code.
    const damagedId = path.basename(snapshot);
    const listing = runCli(['snapshots', '--repo', repo, '--json'], { COMPANION_RECOVERY_KEY: recoveryKey });
    expect(listing.status).toBe(1);
    expect(JSON.parse(listing.stdout)).toEqual({
      snapshots: [],
      unreadableSnapshots: [{ snapshotId: damagedId, code: 'BACKUP_OBJECT_CORRUPT' }],
    });
    expect(listing.stderr).toBe(`error BACKUP_OBJECT_CORRUPT: 1 backup(s) could not be read; the first is snapshots/${damagedId}.\n`);
  });
});
