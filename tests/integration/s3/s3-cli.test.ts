// The backup commands with `--repo s3://bucket/prefix`, through the real CLI in child processes,
// credentials from the standard AWS environment variables, against a real S3-protocol server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/profile.ts';
import { useS3Server } from '../../helpers/s3-server.ts';
import { storeDigest } from '../../helpers/backup-fixture.ts';

const s3 = useS3Server();

const aws = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'cli-secret', AWS_REGION: 'eu-west-1' };
const noAws = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_ENDPOINT_URL_S3: '', AWS_REGION: '', AWS_DEFAULT_REGION: '' };

function json<T>(run: { status: number | null; stdout: string; stderr: string }): T {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as T;
}

describe('backup commands with an s3:// repository', () => {
  it('init, backup, snapshots, verify, inspect, restore and prune', () => {
    const root = tempDir();
    const source = path.join(root, 'source');
    const repo = ['--repo', 's3://companion/cli/laptop', '--path-style'];
    json(runCli(['seed', '--profile', source, '--chats', '3', '--messages', '500', '--media-mb', '1', '--seed', '8']));

    // The endpoint from AWS_ENDPOINT_URL_S3 here, from --endpoint below.
    const init = runCli(['init', '--profile', source, ...repo], { ...aws, AWS_ENDPOINT_URL_S3: s3().endpoint });
    expect(init.stderr).toBe('');
    const recoveryKey = /\b[0-9A-Z]{4}(?:-[0-9A-Z]{4,5}){12}\b/.exec(init.stdout)?.[0] ?? 'no key shown';
    const keyFile = path.join(root, 'key.txt');
    writeFileSync(keyFile, `${recoveryKey}\n`);

    // No AWS variables at all: the profile remembers the location and keeps the secret in its keystore.
    const first = json<{ snapshotId: string }>(runCli(['backup', '--profile', source, '--json'], noAws));
    json(runCli(['seed', '--profile', source, '--chats', '1', '--messages', '10', '--media-mb', '0', '--seed', '9']));
    const second = json<{ snapshotId: string }>(runCli(['backup', '--profile', source, '--json'], noAws));

    const withEndpoint = [...repo, '--endpoint', s3().endpoint, '--region', 'eu-west-1'];
    const listed = json<{ snapshots: { snapshotId: string }[] }>(
      runCli(['snapshots', ...withEndpoint, '--recovery-key-file', keyFile, '--json'], aws),
    );
    expect(listed.snapshots.map((snapshot) => snapshot.snapshotId)).toEqual([first.snapshotId, second.snapshotId]);
    expect(json(runCli(['verify', ...withEndpoint, '--json'], aws))).toMatchObject({ mode: 'structure', ok: true });
    expect(json(runCli(['verify', ...withEndpoint, '--json'], { ...aws, COMPANION_RECOVERY_KEY: recoveryKey }))).toMatchObject({
      mode: 'full',
      ok: true,
    });
    expect(json(runCli(['inspect', ...withEndpoint, '--json'], aws))).toMatchObject({
      format: 'companion-backup',
      objects: { snapshot: { count: 2 } },
    });

    const target = path.join(root, 'new-computer');
    json(runCli(['restore', '--profile', target, ...withEndpoint, '--recovery-key-file', keyFile, '--json'], aws));
    expect(storeDigest(path.join(target, 'companion.db'))).toEqual(storeDigest(path.join(source, 'companion.db')));

    expect(json(runCli(['prune', '--profile', source, ...withEndpoint, '--keep', '1', '--json'], aws))).toMatchObject({
      snapshotsKept: 1,
      snapshotsRemoved: 1,
    });
  });

  it('fails with a code: no access key, a bad bucket name, a wrong key, a secret neither given nor saved', () => {
    const root = tempDir();
    const profile = path.join(root, 'p');
    const repo = ['--repo', 's3://companion/cli/errors', '--endpoint', s3().endpoint, '--path-style'];
    expect(runCli(['inspect', ...repo], noAws).stderr).toMatch(/^error CLI_USAGE: set AWS_ACCESS_KEY_ID/);
    expect(runCli(['inspect', '--repo', 's3://No_Bucket/x', '--endpoint', s3().endpoint], aws).stderr).toMatch(
      /^error CLI_USAGE: invalid S3 repository \(bucket\)/,
    );
    const wrongKey = runCli(['init', '--profile', profile, ...repo], { ...aws, AWS_ACCESS_KEY_ID: 'WRONG' });
    expect(wrongKey.stderr).toMatch(/^error S3_CREDENTIALS_REJECTED: /);
    expect(runCli(['inspect', ...repo], { ...aws, AWS_SECRET_ACCESS_KEY: '' }).stderr).toMatch(/^error S3_SECRET_NOT_SAVED: /);
  });
});
