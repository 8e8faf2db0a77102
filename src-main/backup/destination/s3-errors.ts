// S3 and network failures as the codes a user can act on. The SDK's errors are never passed on or
// logged whole: their messages and metadata may quote request headers, and a signed request is as
// good as a password for its few minutes. Only the S3 error code, the HTTP status and the errno go
// into details, which the log and the renderer may see.
import { AppError, type ErrorCode } from '../../../src-shared/errors.ts';

export type S3Operation = 'read' | 'write' | 'list' | 'delete';

export interface S3Failure {
  /** The S3 error code (`NoSuchBucket`) or the SDK's name for a bodiless answer (`NotFound`). */
  readonly s3Code?: string;
  readonly status?: number;
  /** Node's error code for a network or TLS failure (`ECONNREFUSED`, `ERR_SSL_WRONG_VERSION_NUMBER`). */
  readonly errno?: string;
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);
const TLS_NAMED = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);
const CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AuthorizationHeaderMalformed',
  'InvalidSecurity',
]);
const FULL = new Set(['QuotaExceeded', 'XMinioStorageFull', 'StorageFull', 'InsufficientStorage', 'StorageCapExceeded']);
const TRANSIENT_CODES = new Set([
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'ConditionalRequestConflict',
  'OperationAborted',
  'TimeoutError',
  'RequestTimeoutException',
]);

function isTls(errno: string): boolean {
  return TLS_NAMED.has(errno) || errno.startsWith('ERR_SSL_') || errno.startsWith('ERR_TLS_') || errno.includes('CERT');
}

/** What an SDK or Node error says, looking through causes and the sub-errors of a dual-stack connect. */
export function describeFailure(error: unknown): S3Failure {
  const seen = new Set<unknown>();
  let failure: { s3Code?: string; status?: number; errno?: string } = {};
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const record = value as { code?: unknown; name?: unknown; $metadata?: { httpStatusCode?: unknown }; cause?: unknown; errors?: unknown };
    const status = record.$metadata?.httpStatusCode;
    if (typeof status === 'number' && failure.status === undefined) failure = { ...failure, status };
    if (typeof record.code === 'string' && failure.errno === undefined && /^[A-Z][A-Z0-9_]+$/.test(record.code)) {
      failure = { ...failure, errno: record.code };
    }
    if (typeof status === 'number' && typeof record.name === 'string' && failure.s3Code === undefined) {
      failure = { ...failure, s3Code: record.name };
    } else if (typeof record.name === 'string' && TRANSIENT_CODES.has(record.name) && failure.s3Code === undefined) {
      failure = { ...failure, s3Code: record.name };
    }
    visit(record.cause);
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner);
  };
  visit(error);
  return failure;
}

/** A 403 without a body (HEAD has none): it cannot say whether the key is wrong or only not allowed. */
export function isBareForbidden(failure: S3Failure): boolean {
  return (
    failure.status === 403 && (failure.s3Code === undefined || !(CREDENTIALS.has(failure.s3Code) || failure.s3Code === 'AccessDenied'))
  );
}

/** Worth another attempt: the connection dropped, the server was busy or restarting. */
export function isTransient(failure: S3Failure): boolean {
  if (failure.errno !== undefined && (UNREACHABLE.has(failure.errno) || failure.errno === 'EAI_AGAIN')) return true;
  if (failure.s3Code !== undefined && TRANSIENT_CODES.has(failure.s3Code)) return true;
  return failure.status !== undefined && failure.status >= 500 && failure.status !== 501 && failure.status !== 507;
}

function codeFor(failure: S3Failure, operation: S3Operation): ErrorCode {
  const { s3Code, status, errno } = failure;
  if (errno !== undefined && status === undefined) {
    if (DNS.has(errno)) return 'S3_DNS_FAILED';
    if (isTls(errno)) return 'S3_TLS_FAILED';
    if (UNREACHABLE.has(errno)) return 'S3_SERVER_UNREACHABLE';
  }
  if (s3Code !== undefined && CREDENTIALS.has(s3Code)) return 'S3_CREDENTIALS_REJECTED';
  if (s3Code === 'NoSuchBucket') return 'S3_BUCKET_MISSING';
  if ((s3Code !== undefined && FULL.has(s3Code)) || status === 507) return 'BACKUP_DESTINATION_FULL';
  if (s3Code === 'PreconditionFailed' || status === 412) return 'BACKUP_OBJECT_EXISTS';
  if (s3Code === 'AccessDenied' || status === 403) {
    return operation === 'write' || operation === 'delete' ? 'S3_WRITE_DENIED' : 'S3_READ_DENIED';
  }
  if (s3Code === 'NoSuchKey' || (status === 404 && operation === 'read')) return 'BACKUP_OBJECT_MISSING';
  if (status !== undefined && status >= 500) return 'S3_SERVER_UNREACHABLE';
  return 'BACKUP_DESTINATION_UNAVAILABLE';
}

/** Maps any failure of an S3 call to an AppError; AppErrors (a cancel, a missing secret) pass through. */
export function mapS3Error(error: unknown, operation: S3Operation, context: { readonly host: string; readonly bucket: string }): AppError {
  if (error instanceof AppError) return error;
  const failure = describeFailure(error);
  const code = codeFor(failure, operation);
  const details: Record<string, string | number> = { operation };
  if (failure.s3Code !== undefined) details.s3Code = failure.s3Code;
  if (failure.status !== undefined) details.status = failure.status;
  if (failure.errno !== undefined) details.errno = failure.errno;
  if (code === 'S3_DNS_FAILED' || code === 'S3_TLS_FAILED' || code === 'S3_SERVER_UNREACHABLE') details.host = context.host;
  if (code === 'S3_BUCKET_MISSING') details.bucket = context.bucket;
  return new AppError(code, undefined, details);
}
