// The S3 client for one location. Path-style (`endpoint/bucket/key`) or virtual-hosted-style
// (`bucket.endpoint/key`) addressing, keep-alive sockets, and no SDK-level retries: s3-retry.ts owns
// them, so a part of a multipart upload is retried on its own, with jitter, and a cancel stops it.
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import http from 'node:http';
import https from 'node:https';
import type { S3Settings } from './s3-settings.ts';

/**
 * `*.localhost` is loopback (RFC 6761 §6.3), as browsers treat it, but glibc and macOS do not resolve
 * it. Virtual-hosted style against a local server (MinIO on `s3.localhost:9000`) needs it: the bucket
 * becomes part of the host name.
 */
export const loopbackAwareLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    const family = options.family === 6 ? 6 : 4;
    const address = family === 6 ? '::1' : '127.0.0.1';
    if (options.all === true) {
      (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    } else {
      callback(null, address, family);
    }
    return;
  }
  dnsLookup(hostname, options, callback);
};

const CONNECT_TIMEOUT_MS = 15_000;
/** No byte for this long on an open request: the connection is as good as dropped. */
const IDLE_TIMEOUT_MS = 120_000;

export function createS3Client(settings: S3Settings): S3Client {
  const agentOptions = { keepAlive: true, maxSockets: 8, lookup: loopbackAwareLookup };
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.pathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    maxAttempts: 1,
    // Checksum headers only where S3 requires them: several S3-compatible servers reject the newer
    // CRC headers, and every object is authenticated by its own encryption anyway (§6).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      connectionTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: IDLE_TIMEOUT_MS,
    }),
  });
}
