// Writing one object to S3, streamed: a body of up to one part goes up as a single PUT; a larger one
// (a 16 MiB pack) as a multipart upload of 8 MiB parts, one part in flight while the next is filled,
// so memory stays at about two parts whatever the object's size. A part that fails with a dropped
// connection is sent again within the same upload (the parts already stored stay), and an upload that
// fails for good or is cancelled is aborted, so the bucket keeps no orphaned parts.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createLogger } from '../../log.ts';
import type { ObjectBody } from './destination.ts';
import { describeFailure } from './s3-errors.ts';
import { throwIfAborted, withRetries, type RetryPolicy } from './s3-retry.ts';

/** S3 wants at least 5 MiB for every part but the last; 8 MiB makes a pack three parts. */
export const PART_BYTES = 8 * 1024 * 1024;

export interface UploadTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  readonly retry: RetryPolicy;
  /** Send `If-None-Match: *`, so the server refuses to replace an existing object (412). */
  readonly ifNoneMatch: boolean;
  readonly signal?: AbortSignal;
  /** Called with each request body's size as it is sent (a benchmark's or a test's byte count). */
  readonly onSent?: (bytes: number) => void;
}

const log = createLogger('backup.destination.s3');

/**
 * Sends a request that stores the object (a PUT, a CompleteMultipartUpload), retried. When a retry
 * fails, the earlier try may have landed with only its answer lost (the retry then meets 412 from
 * If-None-Match, NoSuchUpload, or a server error): if a HEAD finds the object at the size sent, it
 * is this one (its id is ours alone, §3) and the write succeeded.
 */
async function sendStoring(what: string, target: UploadTarget, size: number, send: () => Promise<unknown>): Promise<void> {
  let tries = 0;
  try {
    await withRetries(what, target.retry, target.signal, async () => {
      tries += 1;
      await send();
    });
  } catch (error) {
    if (tries > 1 && target.signal?.aborted !== true && (await storedSize(target)) === size) return;
    throw error;
  }
}

async function storedSize(target: UploadTarget): Promise<number | null> {
  try {
    const answer = await withRetries('head', target.retry, undefined, () =>
      target.client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key })),
    );
    return answer.ContentLength ?? null;
  } catch {
    return null;
  }
}

/** The body cut into parts of exactly `size` bytes (the last one shorter). */
async function* partsOf(body: ObjectBody, size: number, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  let pieces: Buffer[] = [];
  let filled = 0;
  for await (const chunk of body instanceof Uint8Array ? [body] : body) {
    throwIfAborted(signal);
    let rest = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (filled + rest.length >= size) {
      const take = size - filled;
      pieces.push(rest.subarray(0, take));
      yield Buffer.concat(pieces, size);
      rest = rest.subarray(take);
      pieces = [];
      filled = 0;
    }
    if (rest.length > 0) {
      // Copied: the producer may reuse its buffer once it has handed it over.
      pieces.push(Buffer.from(rest));
      filled += rest.length;
    }
  }
  if (filled > 0) yield Buffer.concat(pieces, filled);
}

/** Stores the body under the target key; resolves with its size once S3 has confirmed the write. */
export async function uploadObject(target: UploadTarget, body: ObjectBody): Promise<number> {
  const parts = partsOf(body, PART_BYTES, target.signal);
  try {
    const first = await parts.next();
    const firstPart = first.done === true ? Buffer.alloc(0) : first.value;
    const second = first.done === true ? first : await parts.next();
    if (second.done === true) {
      await putWhole(target, firstPart);
      return firstPart.length;
    }
    return await putMultipart(target, firstPart, second.value, parts);
  } finally {
    await parts.return(undefined);
  }
}

async function putWhole(target: UploadTarget, body: Buffer): Promise<void> {
  const { client, bucket, key, signal } = target;
  await sendStoring('put', target, body.length, async () => {
    target.onSent?.(body.length);
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ...(target.ifNoneMatch ? { IfNoneMatch: '*' } : {}),
      }),
      { abortSignal: signal },
    );
  });
}

async function putMultipart(target: UploadTarget, first: Buffer, second: Buffer, rest: AsyncGenerator<Buffer>): Promise<number> {
  const { client, bucket, key, signal } = target;
  const created = await withRetries('create-multipart', target.retry, signal, () =>
    client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }),
  );
  const uploadId = created.UploadId;
  if (uploadId === undefined) throw new Error('CreateMultipartUpload returned no UploadId');
  const completed: CompletedPart[] = [];
  let size = 0;
  const send = (partNumber: number, body: Buffer): Promise<void> =>
    withRetries('upload-part', target.retry, signal, async () => {
      target.onSent?.(body.length);
      const answer = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: body.length,
        }),
        { abortSignal: signal },
      );
      completed[partNumber - 1] = { PartNumber: partNumber, ETag: answer.ETag };
    });
  try {
    let number = 1;
    let inFlight = send(number, first);
    // Settled below or at the next await; never an unhandled rejection while the next part fills.
    inFlight.catch(() => undefined);
    size += first.length;
    for (let next: IteratorResult<Buffer> = { done: false, value: second }; next.done !== true; next = await rest.next()) {
      await inFlight;
      number += 1;
      inFlight = send(number, next.value);
      inFlight.catch(() => undefined);
      size += next.value.length;
    }
    await inFlight;
    await sendStoring('complete-multipart', target, size, () =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: completed },
          ...(target.ifNoneMatch ? { IfNoneMatch: '*' } : {}),
        }),
        { abortSignal: signal },
      ),
    );
    return size;
  } catch (error) {
    await abortUpload(target, uploadId);
    throw error;
  }
}

/** Best effort, never under the caller's signal (a cancel is exactly when the parts must go). */
async function abortUpload(target: UploadTarget, uploadId: string): Promise<void> {
  try {
    await withRetries('abort-multipart', { ...target.retry, attempts: Math.min(target.retry.attempts, 3) }, undefined, () =>
      target.client.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId })),
    );
  } catch (error) {
    // The bucket's lifecycle rule (or the next prune's note) has to deal with the parts then.
    log.warn('could not abort a multipart upload', { ...describeFailure(error) });
  }
}
