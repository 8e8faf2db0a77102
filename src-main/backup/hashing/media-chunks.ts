// The media part of a backup as one stream of chunks (§9: fixed 4 MiB pieces), read and hashed ahead
// of the consumer across file boundaries: most media files are a single chunk, so a read-ahead that
// stopped at each file's end would leave the hashing thread idle half the time. The hashing worker
// reads each chunk itself (media-reader.ts), so the queued chunks are read and hashed while this
// thread encrypts. Chunks are read into one ring of shared memory (chunk-ring.ts) and their room is
// given back once the consumer has stored them, so a backup of any size allocates it once, not a
// buffer per chunk (that garbage was most of the backup's GC time).
import { MEDIA_CHUNK_BYTES } from '../format/layout.ts';
import type { Chunk } from '../format/chunk-stream.ts';
import type { ChunkIdHasher } from './chunk-id-hasher.ts';
import { ChunkRing } from './chunk-ring.ts';

/**
 * Bytes of chunks read and hashed before the consumer asks for them. A ring is resident whole once it
 * has wrapped, where four 4 MiB buffers only held their chunks' pages: 12 MiB costs what those did
 * (a 16 MiB ring measured ~10 MB more peak RSS, for no speed this bench could see).
 */
const AHEAD_BYTES = 3 * MEDIA_CHUNK_BYTES;
/** A bound on requests queued in the worker when the chunks are tiny. */
const AHEAD_CHUNKS = 32;

export interface MediaSource<F> {
  readonly file: F;
  readonly path: string;
  /** What the file measured when the backup was planned; a file that changed since is refused. */
  readonly size: number;
}

export type MediaEvent<F> =
  | { readonly kind: 'file'; readonly file: F }
  /** `release()` gives the chunk's room back: call it once the chunk is stored or skipped, before asking for the next event. */
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
  const ring = new ChunkRing(AHEAD_BYTES);
  const ahead: Promise<MediaEvent<F>>[] = [];
  let chunksAhead = 0;
  /** Started in plan order, so a read that must wait for room holds back the ones after it. */
  const start = (planned: Planned<F>): Promise<MediaEvent<F>> | null => {
    if (planned.kind === 'file') return Promise.resolve(planned);
    const room = ring.take(planned.length);
    if (room === null) return null;
    chunksAhead += 1;
    const { path, size } = planned.source;
    return hasher.readChunk(path, size, planned.position, room.bytes).then((id) => ({
      kind: 'chunk' as const,
      chunk: { id, bytes: room.bytes },
      release: room.release,
    }));
  };
  const planned = plan(files);
  const nextPlanned = (): Planned<F> | undefined => {
    const step = planned.next();
    return step.done === true ? undefined : step.value;
  };
  let waiting: Planned<F> | null = null;
  try {
    for (;;) {
      while (chunksAhead < AHEAD_CHUNKS) {
        const next: Planned<F> | undefined = waiting ?? nextPlanned();
        if (next === undefined) break;
        const started = start(next);
        waiting = started === null ? next : null;
        if (started === null) break;
        ahead.push(started);
      }
      const event = ahead.shift();
      if (event === undefined) {
        // Nothing under way yet a chunk waits for room: the consumer still holds chunks. Ending here
        // would drop the rest of the media from the snapshot without a word.
        if (waiting !== null) throw new Error('hashedMediaChunks: give each chunk back before asking for the next');
        return;
      }
      const settled = await event;
      if (settled.kind === 'chunk') chunksAhead -= 1;
      yield settled;
    }
  } finally {
    // Reads still queued settle (or fail) on their own; the ring goes with them.
    for (const pending of ahead) pending.catch(() => undefined);
  }
}
