// testBackupDestination and the S3 failures a person can meet when setting a bucket up, each made to
// happen for real through the handler table: a wrong key, a missing bucket, a closed port, a name
// that does not resolve, https against a plain-HTTP port or a self-signed server, and a secret that
// was never saved. (No write permission cannot be made here: s3rver has no bucket policies; see
// tests/unit/backup/s3-errors.test.ts.)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlerHost, type HandlerCall } from '../../helpers/handler-host.ts';
import { tempDir } from '../../helpers/profile.ts';
import { s3Location, useS3Server } from '../../helpers/s3-server.ts';

const s3 = useS3Server(['companion', 'other-bucket']);

const webHost = (dir = path.join(tempDir(), 'profile')): HandlerCall => handlerHost(dir);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('testBackupDestination', () => {
  it('tells an empty prefix, a repository and other data apart, and never writes a repository', async () => {
    const call = webHost();
    const location = s3Location(s3(), { prefix: 'check/one' });
    const empty = await call('testBackupDestination', { location });
    expect(empty).toEqual({ ok: true, value: { description: `s3 companion/check/one/ at 127.0.0.1:${s3().port}`, contents: 'empty' } });
    expect(await call('testBackupDestination', { location })).toMatchObject({ ok: true, value: { contents: 'empty' } });
    expect(await call('setUpBackup', { location })).toMatchObject({ ok: true });
    expect(await call('testBackupDestination', { location })).toMatchObject({ ok: true, value: { contents: 'repository' } });
    // A repository below a prefix is "other" for the prefix above it.
    expect(await call('testBackupDestination', { location: { ...location, prefix: 'check' } })).toMatchObject({
      ok: true,
      value: { contents: 'other' },
    });
  });

  it('works for folders too: a new folder, one on a drive that is not there, a repository, a folder of other files', async () => {
    const call = webHost();
    const root = tempDir();
    // A folder below one that is not there (a drive not mounted) is not a place to set up.
    expect(
      await call('testBackupDestination', { location: { kind: 'folder', path: path.join(root, 'unmounted', 'Companion') } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_DESTINATION_UNAVAILABLE' },
    });
    const repo = path.join(root, 'Companion');
    expect(await call('testBackupDestination', { location: { kind: 'folder', path: repo } })).toMatchObject({
      ok: true,
      value: { contents: 'empty' },
    });
    expect(await call('setUpBackup', { location: { kind: 'folder', path: repo } })).toMatchObject({ ok: true });
    expect(await call('testBackupDestination', { location: { kind: 'folder', path: repo } })).toMatchObject({
      ok: true,
      value: { contents: 'repository' },
    });
    const photos = path.join(root, 'photos');
    mkdirSync(photos);
    writeFileSync(path.join(photos, 'IMG_0001.jpg'), 'x');
    expect(await call('testBackupDestination', { location: { kind: 'folder', path: photos } })).toMatchObject({
      ok: true,
      value: { contents: 'other' },
    });
  });

  it('a wrong access key is S3_CREDENTIALS_REJECTED', async () => {
    const location = { ...s3Location(s3()), accessKeyId: 'NOT-A-KEY' };
    expect(await webHost()('testBackupDestination', { location })).toMatchObject({
      ok: false,
      error: { code: 'S3_CREDENTIALS_REJECTED', details: { s3Code: 'InvalidAccessKeyId', status: 403 } },
    });
  });

  it('a bucket that does not exist is S3_BUCKET_MISSING', async () => {
    const location = s3Location(s3(), { bucket: 'no-such-bucket' });
    expect(await webHost()('testBackupDestination', { location })).toMatchObject({
      ok: false,
      error: { code: 'S3_BUCKET_MISSING', details: { bucket: 'no-such-bucket', s3Code: 'NoSuchBucket' } },
    });
  });

  it('a port nothing listens on is S3_SERVER_UNREACHABLE', async () => {
    const port = await freePort();
    const location = { ...s3Location(s3()), endpoint: `http://127.0.0.1:${port}` };
    expect(await webHost()('testBackupDestination', { location })).toMatchObject({
      ok: false,
      error: { code: 'S3_SERVER_UNREACHABLE', details: { errno: 'ECONNREFUSED', host: `127.0.0.1:${port}` } },
    });
  });

  it('a host name that does not resolve is S3_DNS_FAILED', async () => {
    const location = { ...s3Location(s3()), endpoint: 'http://companion-backup-test.invalid:9000' };
    expect(await webHost()('testBackupDestination', { location })).toMatchObject({
      ok: false,
      error: { code: 'S3_DNS_FAILED', details: { host: 'companion-backup-test.invalid:9000' } },
    });
  });

  it('https:// against a plain-HTTP port is S3_TLS_FAILED', async () => {
    const location = { ...s3Location(s3()), endpoint: `https://127.0.0.1:${s3().port}` };
    expect(await webHost()('testBackupDestination', { location })).toMatchObject({ ok: false, error: { code: 'S3_TLS_FAILED' } });
  });

  it('a server whose certificate is self-signed is S3_TLS_FAILED, naming the certificate problem', async () => {
    const dir = tempDir();
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
      {
        stdio: 'ignore',
      },
    );
    const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_request, response) => response.end());
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = tls.address() as { port: number };
      const location = { ...s3Location(s3()), endpoint: `https://127.0.0.1:${port}` };
      expect(await webHost()('testBackupDestination', { location })).toMatchObject({
        ok: false,
        error: { code: 'S3_TLS_FAILED', details: { errno: 'DEPTH_ZERO_SELF_SIGNED_CERT' } },
      });
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });

  it('uses the saved secret only for the same endpoint, bucket and access key id (S3_SECRET_NOT_SAVED otherwise)', async () => {
    const call = webHost();
    const { secretAccessKey, ...withoutSecret } = s3Location(s3(), { prefix: 'saved' });
    expect(secretAccessKey).not.toBe('');
    expect(await call('testBackupDestination', { location: withoutSecret })).toMatchObject({
      ok: false,
      error: { code: 'S3_SECRET_NOT_SAVED', details: { reason: 'none' } },
    });
    expect(await call('setUpBackup', { location: { ...withoutSecret, secretAccessKey } })).toMatchObject({ ok: true });
    expect(await call('testBackupDestination', { location: withoutSecret })).toMatchObject({ ok: true, value: { contents: 'repository' } });
    expect(await call('testBackupDestination', { location: { ...withoutSecret, bucket: 'other-bucket' } })).toMatchObject({
      ok: false,
      error: { code: 'S3_SECRET_NOT_SAVED', details: { reason: 'other-location' } },
    });
    expect(await call('getBackupStatus', {})).toMatchObject({ ok: true, value: { location: { ...withoutSecret, secretSaved: true } } });
  });
});
