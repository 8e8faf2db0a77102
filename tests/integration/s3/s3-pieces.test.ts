// Restore reads packs from a bucket into two alternating buffers (Destination.readPieces), against
// a real S3-protocol server (s3rver): the same bytes as a whole read, in the caller's buffers, and a
// body cut off mid-way by the network resumed from the byte reached instead of failing the restore.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../../../src-main/backup/destination/destination.ts';
import { createS3Destination } from '../../../src-main/backup/destination/s3.ts';
import { s3Location, useS3Server } from '../../helpers/s3-server.ts';

const s3 = useS3Server();
const MiB = 1024 * 1024;

function packName(): string {
  const id = randomBytes(16).toString('hex');
  return `data/${id.slice(0, 2)}/${id}`;
}

/** Every piece, copied (each is only valid until the next is asked for), checked to be in `buffers`. */
async function readInPieces(destination: Destination, name: string, buffers: readonly [Buffer, Buffer]): Promise<Buffer[]> {
  if (destination.readPieces === undefined) throw new Error('the S3 destination reads no pieces');
  const pieces: Buffer[] = [];
  for await (const piece of await destination.readPieces(name, buffers)) {
    expect(buffers.some((buffer) => buffer.buffer === piece.buffer)).toBe(true);
    pieces.push(Buffer.from(piece));
  }
  return pieces;
}

/** A proxy in front of the server that cuts the first GET's body off after `cutAfter` bytes. */
async function cuttingProxy(cutAfter: number) {
  const gets: { range: string | undefined; ifMatch: string | undefined; etag: string | undefined }[] = [];
  const proxy = http.createServer((request, response) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: s3().port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        if (request.method !== 'GET' || request.url?.includes('/data/') !== true) {
          answer.pipe(response);
          return;
        }
        const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
        gets.push({
          range: header(request.headers.range),
          ifMatch: header(request.headers['if-match']),
          etag: header(answer.headers.etag),
        });
        if (gets.length > 1) {
          answer.pipe(response);
          return;
        }
        let sent = 0;
        answer.on('data', (data: Buffer) => {
          if (sent >= cutAfter) return;
          const part = data.subarray(0, cutAfter - sent);
          sent += part.length;
          response.write(part);
          if (sent >= cutAfter) response.socket?.destroy();
        });
      },
    );
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  return {
    gets,
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

describe('S3 reads in pieces', () => {
  it('reads an object into the caller’s two buffers, in full pieces but the last', async () => {
    const destination = createS3Destination(s3Location(s3(), { prefix: 'pieces' }));
    const name = packName();
    const body = randomBytes(5 * MiB + 123);
    await destination.put(name, body, { ifAbsent: true });
    const pieces = await readInPieces(destination, name, [Buffer.alloc(MiB), Buffer.alloc(MiB)]);
    expect(pieces.map((piece) => piece.length)).toEqual([MiB, MiB, MiB, MiB, MiB, 123]);
    expect(Buffer.concat(pieces).equals(body)).toBe(true);
  });

  it('fails before any piece when the object is missing', async () => {
    const destination = createS3Destination(s3Location(s3(), { prefix: 'pieces' }));
    await expect(readInPieces(destination, packName(), [Buffer.alloc(MiB), Buffer.alloc(MiB)])).rejects.toMatchObject({
      code: 'BACKUP_OBJECT_MISSING',
    });
  });

  it('resumes a body cut off by the network from the byte reached, pinned to the same object', async () => {
    const name = packName();
    const body = randomBytes(4 * MiB + 777);
    await createS3Destination(s3Location(s3(), { prefix: 'pieces-cut' })).put(name, body, { ifAbsent: true });
    const proxy = await cuttingProxy(1.5 * MiB);
    try {
      const location = { ...s3Location(s3(), { prefix: 'pieces-cut' }), endpoint: proxy.endpoint };
      const destination = createS3Destination(location, { retry: { attempts: 3, baseMs: 10, maxMs: 20 } });
      const pieces = await readInPieces(destination, name, [Buffer.alloc(MiB), Buffer.alloc(MiB)]);
      expect(Buffer.concat(pieces).equals(body)).toBe(true);
      expect(proxy.gets).toHaveLength(2);
      const [first, resumed] = proxy.gets;
      expect(first?.range).toBeUndefined();
      // Resumed where the cut-off body stopped; only the first MiB had been handed on as a piece.
      const from = Number(/^bytes=(\d+)-$/.exec(resumed?.range ?? '')?.[1]);
      expect(from).toBeGreaterThanOrEqual(MiB);
      expect(from).toBeLessThanOrEqual(1.5 * MiB);
      expect(resumed?.ifMatch).toBe(first?.etag);
    } finally {
      await proxy.close();
    }
  });
});
