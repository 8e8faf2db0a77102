// Checks an encrypted object's clear structure (docs/backup-format.md §6.1, §6.3) without its key:
// the object header against the name it is stored under, then the frame lengths. A canonical writer
// emits full frames followed by exactly one shorter final frame, so framing alone tells a cut-off
// object (TRUNCATED) from a damaged one (CORRUPT). Authentication still needs BK: this is what a
// support engineer can check on a copy of someone's repository.
import { AppError } from '../../src-shared/errors.ts';
import { ByteQueue } from './byte-queue.ts';
import { FRAME_PREFIX_BYTES, FULL_FRAME_BYTES } from './object-codec.ts';
import { checkObjectHeader, OBJECT_HEADER_BYTES } from './object-header.ts';
import type { ObjectRef } from './object-header.ts';
import { STREAM_ABYTES, STREAM_HEADER_BYTES } from './sodium.ts';

export interface FramingReport {
  readonly frames: number;
  readonly bytes: number;
}

/** Throws the AppError of the first structural problem; resolves with the frame count. */
export async function checkObjectFraming(stored: AsyncIterable<Buffer>, expected: ObjectRef): Promise<FramingReport> {
  const queue = new ByteQueue();
  let bytes = 0;
  let frames = 0;
  let phase: 'header' | 'stream-header' | 'length' | 'body' | 'done' = 'header';
  let frameLength = 0;
  const truncated = (reason: string): AppError => new AppError('BACKUP_OBJECT_TRUNCATED', undefined, { reason, messages: frames });
  const corrupt = (reason: string): AppError => new AppError('BACKUP_OBJECT_CORRUPT', undefined, { reason, message: frames });

  for await (const piece of stored) {
    bytes += piece.length;
    queue.push(piece);
    for (;;) {
      if (phase === 'header') {
        const header = queue.take(OBJECT_HEADER_BYTES);
        if (header === null) break;
        checkObjectHeader(header, expected);
        phase = 'stream-header';
      } else if (phase === 'stream-header') {
        if (queue.take(STREAM_HEADER_BYTES) === null) break;
        phase = 'length';
      } else if (phase === 'length') {
        const prefix = queue.take(FRAME_PREFIX_BYTES);
        if (prefix === null) break;
        frameLength = prefix.readUInt32LE(0);
        if (frameLength < STREAM_ABYTES || frameLength > FULL_FRAME_BYTES) throw corrupt('frame-length');
        phase = 'body';
      } else if (phase === 'body') {
        if (queue.take(frameLength) === null) break;
        frames += 1;
        // Only the final frame may be short (§6.2), and nothing may follow it.
        phase = frameLength === FULL_FRAME_BYTES ? 'length' : 'done';
      } else {
        if (queue.length > 0) throw corrupt('trailing-data');
        break;
      }
    }
  }
  if (phase === 'done') return { frames, bytes };
  if (phase === 'header' || phase === 'stream-header') throw truncated('header');
  throw truncated(phase === 'length' && queue.length === 0 ? 'no-final' : 'mid-message');
}
