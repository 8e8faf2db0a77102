// A repository in an S3-compatible bucket (AWS S3, R2, B2, MinIO), below a key prefix (§2).
//
// Confirmed writes (§14): S3 has no rename, but a PUT (or CompleteMultipartUpload) is atomic and
// read-after-write consistent: no reader ever sees a partial object under its key, and a HEAD after
// the write reports the size that was sent. Create-if-absent uses a conditional write
// (`If-None-Match: *`), which AWS S3, R2 and MinIO enforce; before it, a HEAD refuses a name already
// taken, which is all a server that ignores the header gets, and that check is racy (two writers can
// both pass it). Ids are random and never reused (§3), so only two writers with the same id, a bug,
// could meet there; the lock (§13) keeps honest writers apart.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { AppError } from '../../../src-shared/errors.ts';
import { randomBytes } from '../../crypto/sodium.ts';
import type { Destination, DestinationProbe, ObjectBody, PutOptions, RepositoryFolder, StoredObjectInfo } from './destination.ts';
import { assertRepositoryName, CONFIG_NAME, isRepositoryName, PROBE_PREFIX } from './names.ts';
import { createS3Client } from './s3-client.ts';
import { describeFailure, isBareForbidden, mapS3Error, type S3Operation } from './s3-errors.ts';
import { describeS3, hostOf, keyBase, type S3Settings } from './s3-settings.ts';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './s3-retry.ts';
import { readPiecesFrom, type OpenBody } from './s3-pieces.ts';
import { uploadObject } from './s3-upload.ts';

export type { S3Settings } from './s3-settings.ts';

export interface S3DestinationOptions {
  readonly retry?: RetryPolicy;
  /** Request body bytes as they are sent, retries included (benchmarks and tests count them). */
  readonly onSent?: (bytes: number) => void;
}

const LIST_PAGE = 1000;

function isNotFound(error: unknown): boolean {
  const { status, s3Code } = describeFailure(error);
  return status === 404 || s3Code === 'NotFound' || s3Code === 'NoSuchKey';
}

export function createS3Destination(settings: S3Settings, options: S3DestinationOptions = {}): Destination {
  const client: S3Client = createS3Client(settings);
  const { bucket } = settings;
  const base = keyBase(settings.prefix);
  const retry = options.retry ?? DEFAULT_RETRY;
  const where = { host: hostOf(settings), bucket };
  const fail = (error: unknown, operation: S3Operation): AppError => mapS3Error(error, operation, where);
  const keyOf = (name: string): string => {
    assertRepositoryName(name);
    return `${base}${name}`;
  };
  const call = <T>(what: string, operation: S3Operation, work: () => Promise<T>, signal?: AbortSignal): Promise<T> =>
    withRetries(what, retry, signal, work).catch((error: unknown) => {
      throw fail(error, operation);
    });

  const head = async (key: string, operation: S3Operation): Promise<StoredObjectInfo | null> => {
    try {
      const answer = await withRetries('head', retry, undefined, () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
      return { size: answer.ContentLength ?? 0, modified: answer.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      // Ask a call that has a body (a list) which it is, so a wrong key is not reported as "not allowed".
      if (isBareForbidden(describeFailure(error))) await listKeys(base, 1);
      throw fail(error, operation);
    }
  };

  /** A GET whose missing object fails here, before any byte (BACKUP_OBJECT_MISSING). */
  const getObject = async (
    name: string,
    extra: { readonly Range?: string; readonly IfMatch?: string } = {},
  ): Promise<GetObjectCommandOutput> => {
    const key = keyOf(name);
    try {
      return await call('get', 'read', () => client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra })));
    } catch (error) {
      if (error instanceof AppError && error.code === 'BACKUP_OBJECT_MISSING') {
        throw new AppError('BACKUP_OBJECT_MISSING', undefined, { object: name });
      }
      // If-Match failed: another object now has this name, and its bytes must not continue these.
      if (error instanceof AppError && error.code === 'BACKUP_OBJECT_EXISTS') {
        throw new AppError('BACKUP_OBJECT_MISMATCH', undefined, { object: name, field: 'etag' });
      }
      throw error;
    }
  };

  const listKeys = async (prefix: string, limit = Number.POSITIVE_INFINITY): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await call('list', 'list', () =>
        client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: Math.min(LIST_PAGE, limit) }),
        ),
      );
      for (const entry of page.Contents ?? []) if (entry.Key !== undefined) keys.push(entry.Key);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined && keys.length < limit);
    return keys;
  };

  return {
    description: describeS3(settings),

    async put(name: string, body: ObjectBody, putOptions: PutOptions = {}): Promise<{ readonly size: number }> {
      const key = keyOf(name);
      const { signal } = putOptions;
      const ifAbsent = putOptions.ifAbsent === true;
      // Where the server ignores If-None-Match, this HEAD is the only check (racy, see above).
      if (ifAbsent && (await head(key, 'write')) !== null) throw new AppError('BACKUP_OBJECT_EXISTS', undefined, { object: name });
      let size: number;
      try {
        size = await uploadObject({ client, bucket, key, retry, ifNoneMatch: ifAbsent, signal, onSent: options.onSent }, body);
      } catch (error) {
        const mapped = fail(error, 'write');
        throw mapped.code === 'BACKUP_OBJECT_EXISTS' ? new AppError('BACKUP_OBJECT_EXISTS', undefined, { object: name }) : mapped;
      }
      const stored = await head(key, 'write');
      if (stored?.size !== size) {
        throw new AppError('BACKUP_DESTINATION_UNAVAILABLE', undefined, { operation: 'write', reason: 'not-confirmed' });
      }
      return { size };
    },

    async get(name: string): Promise<AsyncIterable<Buffer>> {
      const answer = await getObject(name);
      return mappedChunks(answer.Body as Readable, (error) => fail(error, 'read'));
    },

    async readPieces(name: string, buffers: readonly [Buffer, Buffer]): Promise<AsyncIterable<Buffer>> {
      const open: OpenBody = async (from, etag) => {
        const answer = await getObject(name, {
          ...(from > 0 ? { Range: `bytes=${from}-` } : {}),
          ...(etag === undefined ? {} : { IfMatch: etag }),
        });
        return { body: answer.Body as Readable, etag: answer.ETag };
      };
      return readPiecesFrom(await open(0, undefined), buffers, open, retry, (error) => fail(error, 'read'));
    },

    async getBytes(name: string): Promise<Buffer> {
      const key = keyOf(name);
      try {
        return await withRetries('get', retry, undefined, async () => {
          const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          return Buffer.from((await answer.Body?.transformToByteArray()) ?? new Uint8Array());
        });
      } catch (error) {
        if (isNotFound(error)) throw new AppError('BACKUP_OBJECT_MISSING', undefined, { object: name });
        throw fail(error, 'read');
      }
    },

    stat: (name: string) => head(keyOf(name), 'read'),

    async list(folder: RepositoryFolder): Promise<string[]> {
      const names = (await listKeys(`${base}${folder}/`)).map((key) => key.slice(base.length));
      return names.filter((name) => isRepositoryName(name) && name.startsWith(`${folder}/`)).sort();
    },

    async delete(name: string): Promise<void> {
      const key = keyOf(name);
      await call('delete', 'delete', () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
    },

    async probe(): Promise<DestinationProbe> {
      // Listing first: it names a DNS, TLS, credential or bucket problem before anything is written.
      const present = (await listKeys(base, 2)).filter((key) => !key.slice(base.length).startsWith(PROBE_PREFIX));
      const hasConfig = (await head(`${base}${CONFIG_NAME}`, 'read')) !== null;
      const probeKey = `${base}${PROBE_PREFIX}${randomBytes(8).toString('hex')}`;
      await call('probe-put', 'write', () => client.send(new PutObjectCommand({ Bucket: bucket, Key: probeKey, Body: PROBE_BODY })));
      await call('probe-delete', 'delete', () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: probeKey })));
      return { contents: hasConfig ? 'repository' : present.length === 0 ? 'empty' : 'other' };
    },
  };
}

const PROBE_BODY = Buffer.from('companion destination check\n');

/**
 * The response body as chunks, with failures mapped; return() destroys the response, so a reader
 * that stops early (or before the first chunk) does not leave a socket open.
 */
function mappedChunks(body: Readable, fail: (error: unknown) => AppError): AsyncIterableIterator<Buffer> {
  const inner = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const done = { done: true, value: undefined } as const;
  const iterator: AsyncIterableIterator<Buffer> = {
    async next(): Promise<IteratorResult<Buffer>> {
      try {
        return await inner.next();
      } catch (error) {
        throw fail(error);
      }
    },
    async return(): Promise<IteratorResult<Buffer>> {
      body.destroy();
      await inner.return?.();
      return done;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
