// The media part of a backup as one stream of chunks (§9: fixed 4 MiB pieces), read and hashed ahead
// of the consumer across file boundaries: most media files are a single chunk, so a read-ahead that
// stopped at each file's end would leave the hashing thread idle half the time. The hashing worker
// reads each chunk itself (media-reader.ts), so the queued chunks are read and hashed while this
// thread encrypts. Chunk buffers come from a small pool of shared memory and go back to it once the
// consumer has stored them, so a backup of any size allocates a few buffers, not one per chunk
// (that garbage was most of the backup's GC time).
import { MEDIA_CHUNK_BYTES } from '../format/layout.ts';
import type { Chunk } from '../format/chunk-stream.ts';
import type { ChunkIdHasher } from './chunk-id-hasher.ts';

/** Chunks read and hashed before the consumer asks for them. */
const READ_AHEAD = 4;

export interface MediaSource<F> {
  readonly file: F;
  readonly path: string;
  /** What the file measured when the backup was planned; a file that changed since is refused. */
  readonly size: number;
}

export type MediaEvent<F> =
  | { readonly kind: 'file'; readonly file: F }
  /** `release()` hands the buffer back to the pool: call it once the chunk is stored or skipped. */
  | { readonly kind: 'chunk'; readonly chunk: Chunk; readonly release: () => void };

type Planned<F> =
  | { readonly kind: 'file'; readonly file: F }
  | { readonly kind: 'chunk'; readonly source: MediaSource<F>; readonly position: number; readonly length: number };

/** Every file, then the 4 MiB pieces of it (an empty file has none). */
function* plan<F>(files: readonly MediaSource<F>[]): Generator<Planned<F>> {
  for (const source of files) {
    yield { kind: 'file', file: source.file };
    for (let position = 0; position < source.size; position += MEDIA_CHUNK_BYTES) {
      yield { kind: 'chunk', source, position, length: Math.min(MEDIA_CHUNK_BYTES, source.size - position) };
    }
  }
}

export async function* hashedMediaChunks<F>(files: readonly MediaSource<F>[], hasher: ChunkIdHasher): AsyncGenerator<MediaEvent<F>> {
  const pool: SharedArrayBuffer[] = [];
  const ahead: Promise<MediaEvent<F>>[] = [];
  let chunksAhead = 0;
  const recycle = (buffer: SharedArrayBuffer): void => {
    if (pool.length <= READ_AHEAD) pool.push(buffer);
  };
  const start = (planned: Planned<F>): Promise<MediaEvent<F>> => {
    if (planned.kind === 'file') return Promise.resolve(planned);
    chunksAhead += 1;
    const buffer = pool.pop() ?? new SharedArrayBuffer(MEDIA_CHUNK_BYTES);
    const bytes = Buffer.from(buffer, 0, planned.length);
    const { path, size } = planned.source;
    return hasher.readChunk(path, size, planned.position, bytes).then((id) => ({
      kind: 'chunk' as const,
      chunk: { id, bytes },
      release: () => recycle(buffer),
    }));
  };
  const planned = plan(files);
  try {
    for (;;) {
      while (chunksAhead < READ_AHEAD) {
        const next = planned.next();
        if (next.done === true) break;
        ahead.push(start(next.value));
      }
      const event = ahead.shift();
      if (event === undefined) return;
      const settled = await event;
      if (settled.kind === 'chunk') chunksAhead -= 1;
      yield settled;
    }
  } finally {
    // Reads still queued settle (or fail) on their own; their buffers are simply dropped.
    for (const pending of ahead) pending.catch(() => undefined);
  }
}
