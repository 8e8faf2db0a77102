// Starts the real S3-protocol server of s3-server-main.ts for a test file, and S3 locations that
// point at it. s3rver knows one account: access key id S3RVER, secret S3RVER. It checks the access
// key id (a wrong one is InvalidAccessKeyId) but not SigV4 signatures, so a wrong secret goes unseen.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll } from 'vitest';
import type { S3ConnectedLocation } from '../../src-main/backup/destination/open-destination.ts';
import { TEST_NODE_FLAGS } from './node-flags.ts';

export const S3_ACCESS_KEY_ID = 'S3RVER';
export const S3_SECRET = 'S3RVER';
const main = path.join(import.meta.dirname, 's3-server-main.ts');

export interface S3TestServer {
  readonly dir: string;
  readonly port: number;
  /** Path-style endpoint. */
  readonly endpoint: string;
  /** For virtual-hosted style: requests go to `<bucket>.s3.localhost`. */
  readonly virtualHostEndpoint: string;
  /** SIGKILL, as a crashed or unplugged server: no response, no clean close. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder (after kill). */
  restart(): Promise<void>;
  /** Kills it and removes its data. */
  dispose(): Promise<void>;
}

async function spawnServer(dir: string, port: number, buckets: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...TEST_NODE_FLAGS, main, dir, String(port), ...buckets], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8');
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (text: string) => {
      output += text;
      const match = /listening (\d+)/.exec(output);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening`)));
  });
  return { child, port: await listening };
}

export async function startS3Server(buckets: readonly string[] = ['companion']): Promise<S3TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'companion-s3rver-'));
  const started = await spawnServer(dir, 0, buckets);
  const { port } = started;
  let { child } = started;
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return {
    dir,
    port,
    endpoint: `http://127.0.0.1:${port}`,
    virtualHostEndpoint: `http://s3.localhost:${port}`,
    kill,
    async restart() {
      await kill();
      ({ child } = await spawnServer(dir, port, buckets));
    },
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function s3Location(
  server: S3TestServer,
  options: { readonly prefix?: string; readonly bucket?: string; readonly pathStyle?: boolean } = {},
): S3ConnectedLocation {
  const pathStyle = options.pathStyle ?? true;
  return {
    kind: 's3',
    endpoint: pathStyle ? server.endpoint : server.virtualHostEndpoint,
    region: 'us-east-1',
    bucket: options.bucket ?? 'companion',
    prefix: options.prefix ?? 'backups/laptop',
    pathStyle,
    accessKeyId: S3_ACCESS_KEY_ID,
    secretAccessKey: S3_SECRET,
  };
}

/** One server for the whole test file: started before its tests, disposed of after them. */
export function useS3Server(buckets?: readonly string[]): () => S3TestServer {
  let server: S3TestServer | undefined;
  beforeAll(async () => {
    server = await startS3Server(buckets);
  });
  afterAll(async () => {
    await server?.dispose();
  });
  return () => {
    if (server === undefined) throw new Error('the S3 server starts in beforeAll');
    return server;
  };
}
