// The browser host: the built renderer on 127.0.0.1 plus the contract over a WebSocket. Used for
// development, for end-to-end tests in a real browser, and for support work.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { WebSocketServer } from 'ws';
import { AppError, errorCatalogue, type Result } from '../../src-shared/errors.ts';
import { tokenCookie, uploadNameHeader, uploadPath, wsPath } from '../../src-shared/ws-protocol.ts';
import { createHandlers } from '../ipc/handlers.ts';
import { toErrorData } from '../ipc/to-error-data.ts';
import { createAppRequestHandler } from '../serve/serve-app.ts';
import { closeAppContext, createAppContext, type AppContext } from '../services/app-context.ts';
import { saveUpload } from '../services/uploads.ts';
import { checkRequest, type GuardVerdict } from './request-guard.ts';
import { serveSocket } from './ws-transport.ts';

export interface WebHostOptions {
  readonly profileDir: string;
  readonly rendererDir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly version?: string;
}

export interface WebHost {
  /** The address to open, with the per-run token. */
  readonly url: string;
  readonly port: number;
  readonly context: AppContext;
  close(): Promise<void>;
}

const maxUploadBytes = 4 * 1024 ** 3;

function factsOf(request: IncomingMessage, originRequired: boolean): Parameters<typeof checkRequest>[0] {
  const url = new URL(request.url ?? '/', 'http://placeholder');
  return {
    host: request.headers.host,
    origin: request.headers.origin,
    cookie: request.headers.cookie,
    tokenParam: url.searchParams.get('token'),
    originRequired,
  };
}

function sendJson(response: ServerResponse, status: number, body: Result<unknown>): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

function refuse(response: ServerResponse, verdict: Exclude<GuardVerdict, { ok: true }>): void {
  const { summary, userAction } = errorCatalogue[verdict.code];
  response
    .writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(`${summary} ${userAction} (${verdict.code})\n`);
}

async function receiveUpload(context: AppContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const rawName = request.headers[uploadNameHeader];
  const length = Number(request.headers['content-length'] ?? Number.NaN);
  if (typeof rawName !== 'string' || rawName === '' || !(length <= maxUploadBytes)) {
    sendJson(response, 400, { ok: false, error: new AppError('IPC_INVALID_INPUT', 'An upload needs a file name and a size.').toData() });
    return;
  }
  try {
    const uploadId = await saveUpload(context.paths, request, decodeURIComponent(rawName));
    sendJson(response, 200, { ok: true, value: { uploadId } });
  } catch (error) {
    sendJson(response, 500, { ok: false, error: toErrorData(error) });
  }
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  let port = 0;
  // WebAuthn: RP ID localhost, and the origin the page runs at (known once the server listens).
  const host = {
    kind: 'web',
    version: options.version ?? '0.0.0',
    rpId: 'localhost',
    get origin() {
      return `http://localhost:${port}`;
    },
  } as const;
  const context = createAppContext(options.profileDir, host);
  const handlers = createHandlers(context);
  const serveApp = createAppRequestHandler({ rendererDir: options.rendererDir, mediaDir: context.paths.media });
  const token = randomBytes(24).toString('base64url');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  const server = createServer((request, response) => {
    const isUpload = request.method === 'POST' && request.url === uploadPath;
    const verdict = checkRequest(factsOf(request, isUpload), { port, token });
    if (!verdict.ok) {
      refuse(response, verdict);
      return;
    }
    if (isUpload) {
      void receiveUpload(context, request, response);
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    void serveApp(new Request(url, { method: request.method ?? 'GET' })).then((answer) => {
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, key) => (headers[key] = value));
      // The token moves from the address into a cookie only our own origin ever sends back.
      if (url.searchParams.has('token')) {
        headers['set-cookie'] = `${tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      }
      response.writeHead(answer.status, headers);
      if (answer.body === null || request.method === 'HEAD') response.end();
      // The e2e config also sees this file with DOM types, where the two ReadableStream types differ.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      else Readable.fromWeb(answer.body as WebReadableStream).pipe(response);
    });
  });

  server.on('upgrade', (request, socket, head) => {
    const verdict = checkRequest(factsOf(request, true), { port, token });
    if (!verdict.ok || new URL(request.url ?? '/', 'http://placeholder').pathname !== wsPath) {
      const status = verdict.ok ? '404 Not Found' : verdict.status === 401 ? '401 Unauthorized' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, handlers, context.events));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;

  return {
    // localhost, not 127.0.0.1: it is a secure context, and the WebAuthn RP ID of the browser host.
    url: `http://localhost:${port}/?token=${token}`,
    port,
    context,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeAppContext(context);
    },
  };
}
