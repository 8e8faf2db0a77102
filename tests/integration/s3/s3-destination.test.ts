// The S3 destination against a real S3-protocol server (s3rver, in its own process): the Destination
// contract the folder destination also keeps, multipart uploads, create-if-absent, cancel, and an
// upload that survives the server going away and coming back.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Destination } from '../../../src-main/backup/destination/destination.ts';
import { createS3Destination } from '../../../src-main/backup/destination/s3.ts';
import { PART_BYTES } from '../../../src-main/backup/destination/s3-upload.ts';
import { s3Location, useS3Server } from '../../helpers/s3-server.ts';

const s3 = useS3Server();

const id = (): string => randomBytes(16).toString('hex');

/** The body as an encryptor hands it over: 64 KiB frames, asynchronously. */
async function* frames(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    await Promise.resolve();
    yield bytes.subarray(offset, offset + size);
  }
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'resolved';
}

function contract(style: 'path-style' | 'virtual-hosted-style'): void {
  describe(`the Destination contract, ${style}`, () => {
    let destination: Destination;
    beforeAll(() => {
      destination = createS3Destination(s3Location(s3(), { prefix: `contract/${style}/`, pathStyle: style === 'path-style' }));
    });

    it('stores, reads, stats, lists and deletes objects below the prefix', async () => {
      const name = `snapshots/${id()}`;
      const body = Buffer.from('a whole object');
      expect(await destination.put(name, body, { ifAbsent: true })).toEqual({ size: body.length });
      expect(await destination.getBytes(name)).toEqual(body);
      expect(await readAll(await destination.get(name))).toEqual(body);
      expect((await destination.stat(name))?.size).toBe(body.length);
      expect(await destination.list('snapshots')).toEqual([name]);
      await destination.delete(name);
      await destination.delete(name);
      expect(await destination.stat(name)).toBeNull();
      expect(await destination.list('snapshots')).toEqual([]);
    });

    it('lists packs under data/<2 hex>/ and ignores keys outside the layout', async () => {
      const packs = [id(), id(), id()].map((pack) => `data/${pack.slice(0, 2)}/${pack}`);
      for (const pack of packs) await destination.put(pack, Buffer.from(pack), { ifAbsent: true });
      const raw = new S3Client({
        endpoint: s3().endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      await raw.send(new PutObjectCommand({ Bucket: 'companion', Key: `contract/${style}/data/zz/notes.txt`, Body: 'x' }));
      await raw.send(
        new PutObjectCommand({ Bucket: 'companion', Key: `contract/${style}/data/${packs[0]?.slice(5)}.tmp-0123456789abcdef`, Body: 'x' }),
      );
      expect(await destination.list('data')).toEqual([...packs].sort());
      raw.destroy();
    });

    it('refuses to replace an object that exists (BACKUP_OBJECT_EXISTS) and keeps the first content', async () => {
      const name = `locks/${id()}`;
      await destination.put(name, Buffer.from('first'), { ifAbsent: true });
      expect(await codeOf(destination.put(name, Buffer.from('second'), { ifAbsent: true }))).toBe('BACKUP_OBJECT_EXISTS');
      expect((await destination.getBytes(name)).toString()).toBe('first');
    });

    it('reports a missing object as BACKUP_OBJECT_MISSING before any byte, and stat as null', async () => {
      const name = `index/${id()}`;
      expect(await codeOf(destination.get(name))).toBe('BACKUP_OBJECT_MISSING');
      expect(await codeOf(destination.getBytes(name))).toBe('BACKUP_OBJECT_MISSING');
      expect(await destination.stat(name)).toBeNull();
    });
  });
}

contract('path-style');
contract('virtual-hosted-style');

describe('multipart uploads', () => {
  it('streams a body larger than one part as parts and reads back the same bytes', async () => {
    let sent = 0;
    const destination = createS3Destination(s3Location(s3(), { prefix: 'multipart' }), { onSent: (bytes) => (sent += bytes) });
    const body = randomBytes(2 * PART_BYTES + 12345);
    const pack = id();
    const name = `data/${pack.slice(0, 2)}/${pack}`;
    expect(await destination.put(name, frames(body), { ifAbsent: true })).toEqual({ size: body.length });
    expect(sent).toBe(body.length);
    const back = await readAll(await destination.get(name));
    expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('a cancelled upload fails with OPERATION_CANCELLED and leaves nothing under the name', async () => {
    const controller = new AbortController();
    const destination = createS3Destination(s3Location(s3(), { prefix: 'cancel' }), {
      onSent: () => controller.abort(),
    });
    const pack = id();
    const name = `data/${pack.slice(0, 2)}/${pack}`;
    const code = await codeOf(destination.put(name, frames(randomBytes(3 * PART_BYTES)), { ifAbsent: true, signal: controller.signal }));
    expect(code).toBe('OPERATION_CANCELLED');
    expect(await destination.stat(name)).toBeNull();
  });

  it('resumes the same upload when the server dies after the first part and comes back', async () => {
    let parts = 0;
    let restarted: Promise<void> | undefined;
    const destination = createS3Destination(s3Location(s3(), { prefix: 'resume' }), {
      retry: { attempts: 40, baseMs: 50, maxMs: 400 },
      onSent: (bytes) => {
        parts += 1;
        // The second part is on its way: the server goes down under it and is back a little later.
        if (parts === 2 && bytes === PART_BYTES)
          restarted = s3()
            .kill()
            .then(() => s3().restart());
      },
    });
    const body = randomBytes(3 * PART_BYTES);
    const pack = id();
    const name = `data/${pack.slice(0, 2)}/${pack}`;
    expect(await destination.put(name, frames(body), { ifAbsent: true })).toEqual({ size: body.length });
    await restarted;
    expect(parts).toBeGreaterThan(3);
    expect((await destination.getBytes(name)).equals(body)).toBe(true);
  });

  it('a completed upload whose answer was lost on the way back is confirmed, not failed', async () => {
    // A proxy on loopback that lets the first CompleteMultipartUpload reach the server, then drops
    // the connection instead of passing the answer on: the network failure a retry must survive.
    let dropped = 0;
    const proxy = http.createServer((request, response) => {
      const upstream = http.request(
        { host: '127.0.0.1', port: s3().port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          if (request.method === 'POST' && request.url?.includes('uploadId=') === true && dropped === 0) {
            dropped += 1;
            answer.resume();
            answer.on('end', () => request.socket.destroy());
            return;
          }
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as { port: number };
      const location = { ...s3Location(s3(), { prefix: 'lost-answer' }), endpoint: `http://127.0.0.1:${port}` };
      const destination = createS3Destination(location, { retry: { attempts: 4, baseMs: 10, maxMs: 50 } });
      const body = randomBytes(PART_BYTES + 1000);
      const pack = id();
      const name = `data/${pack.slice(0, 2)}/${pack}`;
      expect(await destination.put(name, frames(body), { ifAbsent: true })).toEqual({ size: body.length });
      expect(dropped).toBe(1);
      expect((await destination.getBytes(name)).equals(body)).toBe(true);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
