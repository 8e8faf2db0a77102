// Worker-thread entry: computes chunk ids (§9) for the backup job, so hashing runs on the second
// core while the job thread encrypts. Buffers arrive and leave by transfer, never by copy.
import { parentPort, workerData } from 'node:worker_threads';
import { chunkId } from '../../crypto/kdf.ts';
import { zero } from '../../crypto/sodium.ts';
import type { HashReply, HashRequest } from './chunk-id-messages.ts';

const port = parentPort;
if (port === null) throw new Error('chunk-id-worker must run in a worker thread');
const key = (workerData as { key: Uint8Array }).key;

port.on('message', (request: HashRequest | 'close') => {
  if (request === 'close') {
    zero(key);
    port.close();
    return;
  }
  const id = chunkId(key, new Uint8Array(request.buffer, 0, request.length));
  const reply: HashReply = { seq: request.seq, buffer: request.buffer, id };
  port.postMessage(reply, [request.buffer]);
});
