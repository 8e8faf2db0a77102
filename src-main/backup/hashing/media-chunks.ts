// The media part of a backup as one stream of chunks (§9: fixed 4 MiB pieces), read and hashed ahead
// of the consumer across file boundaries: most media files are a single chunk, so a read-ahead that
// stopped at each file's end would leave the hashing thread idle half the time. Chunk buffers come
// from a small pool of shared memory (the hashing worker reads them in place) and go back to it once
// the consumer has stored them, so a backup of any size allocates a few buffers, not one per chunk
// (that garbage was most of the backup's GC time).
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Chunk } from '../format/chunk-stream.ts';
import { MEDIA_CHUNK_BYTES } from '../format/layout.ts';
import type { ChunkIdHasher } from './chunk-id-hasher.ts';

/** Chunks read and hashed before the consumer asks for them. */
const READ_AHEAD = 4;

export interface MediaSource<F> {
  readonly file: F;
  readonly path: string;
}

export type MediaEvent<F> =
  | { readonly kind: 'file'; readonly file: F }
  /** `release()` hands the buffer back to the pool: call it once the chunk is stored or skipped. */
  | { readonly kind: 'chunk'; readonly chunk: Chunk; readonly release: () => void };

export async function* hashedMediaChunks<F>(files: readonly MediaSource<F>[], hasher: ChunkIdHasher): AsyncGenerator<MediaEvent<F>> {
  const pool: SharedArrayBuffer[] = [];
  const ahead: Promise<MediaEvent<F>>[] = [];
  const recycle = (buffer: SharedArrayBuffer): void => {
    if (pool.length <= READ_AHEAD) pool.push(buffer);
  };
  const reads = readChunks(files, { acquire: () => pool.pop() ?? new SharedArrayBuffer(MEDIA_CHUNK_BYTES), recycle });
  const fill = async (): Promise<void> => {
    while (ahead.length < READ_AHEAD) {
      const next = await reads.next();
      if (next.done === true) return;
      const read = next.value;
      if (read.kind === 'file') {
        ahead.push(Promise.resolve(read));
        continue;
      }
      const bytes = Buffer.from(read.buffer, 0, read.length);
      ahead.push(hasher.hash(bytes).then((id) => ({ kind: 'chunk' as const, chunk: { id, bytes }, release: () => recycle(read.buffer) })));
    }
  };
  try {
    for (;;) {
      await fill();
      const event = ahead.shift();
      if (event === undefined) return;
      yield await event;
    }
  } finally {
    // Hashes still in flight settle (or fail) on their own; their buffers are simply dropped.
    for (const pending of ahead) pending.catch(() => undefined);
    await reads.return(undefined);
  }
}

type Read<F> =
  { readonly kind: 'file'; readonly file: F } | { readonly kind: 'chunk'; readonly buffer: SharedArrayBuffer; readonly length: number };

interface BufferPool {
  acquire(): SharedArrayBuffer;
  recycle(buffer: SharedArrayBuffer): void;
}

async function* readChunks<F>(files: readonly MediaSource<F>[], pool: BufferPool): AsyncGenerator<Read<F>> {
  for (const source of files) {
    yield { kind: 'file', file: source.file };
    const handle = await open(source.path, 'r');
    try {
      for (;;) {
        const buffer = pool.acquire();
        const length = await readFull(handle, new Uint8Array(buffer));
        if (length === 0) {
          pool.recycle(buffer);
          break;
        }
        yield { kind: 'chunk', buffer, length };
        if (length < buffer.byteLength) break;
      }
    } finally {
      await handle.close();
    }
  }
}

/** Fills `target` unless the file ends first; returns the bytes read. */
async function readFull(handle: FileHandle, target: Uint8Array): Promise<number> {
  let filled = 0;
  while (filled < target.length) {
    const { bytesRead } = await handle.read(target, filled, target.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
