// Worker-thread entry: hashing for backup and restore jobs, so it runs on the second core while the
// job thread encrypts or decrypts. Chunk ids (§9) need the chunk-id key, given once at start; file
// hashes (sha256, what restore checks) need none. A backup's media chunks are also read here, into
// the job thread's shared memory (media-reader.ts); restore's bytes arrive as views of it, never copied.
import { createHash, type Hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { chunkId } from '../../crypto/kdf.ts';
import { zero } from '../../crypto/sodium.ts';
import type { HashReply, HashRequest } from './hash-messages.ts';
import { MediaReader } from './media-reader.ts';

const port = parentPort;
if (port === null) throw new Error('hash-worker must run in a worker thread');
const key = (workerData as { key: Uint8Array | null }).key;
const files = new Map<number, Hash>();
const media = new MediaReader();

function readMediaChunk(request: Extract<HashRequest, { kind: 'media-chunk' }>): HashReply {
  if (key === null) throw new Error('this hashing worker has no chunk-id key');
  try {
    media.read(request.path, request.fileSize, request.position, request.bytes);
  } catch (error) {
    const { message, code, syscall } = error as NodeJS.ErrnoException;
    return { seq: request.seq, error: { message, ...(code === undefined ? {} : { code }), ...(syscall === undefined ? {} : { syscall }) } };
  }
  return { seq: request.seq, id: chunkId(key, request.bytes) };
}

function answer(request: HashRequest): HashReply {
  if (request.kind === 'media-chunk') return readMediaChunk(request);
  const hash = files.get(request.file) ?? createHash('sha256');
  files.set(request.file, hash);
  if (request.bytes !== null) hash.update(request.bytes);
  if (!request.end) return { seq: request.seq };
  files.delete(request.file);
  return { seq: request.seq, digest: hash.digest('hex') };
}

port.on('message', (request: HashRequest | 'close') => {
  if (request === 'close') {
    media.close();
    if (key !== null) zero(key);
    port.close();
    return;
  }
  port.postMessage(answer(request));
});
