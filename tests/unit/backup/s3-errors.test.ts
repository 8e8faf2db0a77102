// How S3 and network failures become codes. The failures a loopback s3rver cannot produce (it has no
// bucket policies, quotas or throttling) are built here as the SDK builds them: its own exception
// class with the server's error code and HTTP status, or Node's errors with their errno.
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { describeFailure, isBareForbidden, isTransient, mapS3Error } from '../../../src-main/backup/destination/s3-errors.ts';
import { backoffMs, DEFAULT_RETRY } from '../../../src-main/backup/destination/s3-retry.ts';

const where = { host: 's3.example:443', bucket: 'family' };

function serviceError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('S3 failures as codes', () => {
  it('AccessDenied is S3_WRITE_DENIED on a write or delete, S3_READ_DENIED on a read or list', () => {
    expect(mapS3Error(serviceError('AccessDenied', 403), 'write', where).code).toBe('S3_WRITE_DENIED');
    expect(mapS3Error(serviceError('AccessDenied', 403), 'delete', where).code).toBe('S3_WRITE_DENIED');
    expect(mapS3Error(serviceError('AccessDenied', 403), 'list', where).code).toBe('S3_READ_DENIED');
    expect(mapS3Error(serviceError('AccessDenied', 403), 'read', where).toData()).toEqual({
      code: 'S3_READ_DENIED',
      message: 'This access key may not read or list the bucket.',
      details: { operation: 'read', s3Code: 'AccessDenied', status: 403 },
    });
  });

  it('rejected credentials, a missing bucket, a full or over-quota bucket, a taken name', () => {
    for (const name of ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'AuthorizationHeaderMalformed']) {
      expect(mapS3Error(serviceError(name, 403), 'list', where).code).toBe('S3_CREDENTIALS_REJECTED');
    }
    expect(mapS3Error(serviceError('NoSuchBucket', 404), 'list', where).toData().details).toMatchObject({ bucket: 'family' });
    expect(mapS3Error(serviceError('QuotaExceeded', 403), 'write', where).code).toBe('BACKUP_DESTINATION_FULL');
    expect(mapS3Error(serviceError('XMinioStorageFull', 507), 'write', where).code).toBe('BACKUP_DESTINATION_FULL');
    expect(mapS3Error(serviceError('PreconditionFailed', 412), 'write', where).code).toBe('BACKUP_OBJECT_EXISTS');
    expect(mapS3Error(serviceError('NoSuchKey', 404), 'read', where).code).toBe('BACKUP_OBJECT_MISSING');
  });

  it('network and TLS failures, also inside the AggregateError of a dual-stack connect', () => {
    expect(mapS3Error(networkError('ENOTFOUND'), 'list', where).toData().details).toEqual({
      operation: 'list',
      errno: 'ENOTFOUND',
      host: where.host,
    });
    expect(mapS3Error(new AggregateError([networkError('ECONNREFUSED'), networkError('ECONNREFUSED')]), 'list', where).code).toBe(
      'S3_SERVER_UNREACHABLE',
    );
    for (const code of [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'EPROTO',
    ]) {
      expect(mapS3Error(networkError(code), 'read', where).code).toBe('S3_TLS_FAILED');
    }
    expect(mapS3Error(serviceError('ServiceUnavailable', 503), 'write', where).code).toBe('S3_SERVER_UNREACHABLE');
  });

  it('retries dropped connections and busy servers, never a wrong key, a missing bucket or a bad certificate', () => {
    for (const error of [
      networkError('ECONNRESET'),
      networkError('ECONNREFUSED'),
      serviceError('SlowDown', 503),
      serviceError('InternalError', 500),
    ]) {
      expect(isTransient(describeFailure(error))).toBe(true);
    }
    for (const error of [
      serviceError('InvalidAccessKeyId', 403),
      serviceError('NoSuchBucket', 404),
      networkError('DEPTH_ZERO_SELF_SIGNED_CERT'),
      serviceError('NotImplemented', 501),
    ]) {
      expect(isTransient(describeFailure(error))).toBe(false);
    }
  });

  it('a bodiless 403 (HEAD) is asked about again; one with a code is not', () => {
    expect(isBareForbidden(describeFailure(serviceError('Forbidden', 403)))).toBe(true);
    expect(isBareForbidden(describeFailure(serviceError('AccessDenied', 403)))).toBe(false);
    expect(isBareForbidden(describeFailure(serviceError('InvalidAccessKeyId', 403)))).toBe(false);
  });

  it('never passes the SDK message on: it may quote the request', () => {
    const error = new S3ServiceException({
      name: 'SignatureDoesNotMatch',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'The request signature we calculated does not match. StringToSign AWS4-HMAC-SHA256 …',
    });
    expect(JSON.stringify(mapS3Error(error, 'list', where).toData())).not.toContain('AWS4-HMAC');
  });

  it('waits with full jitter: anywhere from 0 to the capped exponential', () => {
    expect(backoffMs(DEFAULT_RETRY, 0, () => 0)).toBe(0);
    expect(backoffMs(DEFAULT_RETRY, 0, () => 0.999)).toBe(499);
    expect(backoffMs(DEFAULT_RETRY, 3, () => 0.5)).toBe(2000);
    expect(backoffMs(DEFAULT_RETRY, 20, () => 0.999)).toBeLessThan(DEFAULT_RETRY.maxMs);
  });
});
