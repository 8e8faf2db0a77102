import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../../src-shared/ws-protocol.ts';
import { startTestHost, tokenOf } from '../../helpers/web-host.ts';

/** A raw HTTP request, so tests can forge Host and Origin headers as an attacker would. */
function rawGet(
  port: number,
  pathName: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: pathName, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(port: number, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://localhost:${port}/ws`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, frame: unknown): Promise<ServerFrame> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as ServerFrame));
    socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('browser host access control', () => {
  it('prints a localhost URL with a long random token', async () => {
    const host = await startTestHost();
    expect(host.url).toMatch(/^http:\/\/localhost:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const other = await startTestHost();
    expect(tokenOf(other)).not.toBe(tokenOf(host));
  });

  it('serves the page with the token and moves it into a strict cookie', async () => {
    const host = await startTestHost();
    const answer = await rawGet(host.port, `/?token=${tokenOf(host)}`, { Host: `localhost:${host.port}` });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Companion');
    expect(answer.setCookie[0]).toMatch(/^companion_token=[^;]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const withCookie = await rawGet(host.port, '/assets/app.js', {
      Host: `127.0.0.1:${host.port}`,
      Cookie: `companion_token=${tokenOf(host)}`,
    });
    expect(withCookie.status).toBe(200);
  });

  it('refuses a request without a token', async () => {
    const host = await startTestHost();
    const answer = await rawGet(host.port, '/', { Host: `localhost:${host.port}` });
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('WEB_TOKEN_MISSING');
  });

  it('refuses a bad token', async () => {
    const host = await startTestHost();
    for (const token of ['nope', `${tokenOf(host)}x`, tokenOf(host).toUpperCase()]) {
      const answer = await rawGet(host.port, `/?token=${token}`, { Host: `localhost:${host.port}` });
      expect(answer.status).toBe(401);
      expect(answer.body).toContain('WEB_TOKEN_INVALID');
    }
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const host = await startTestHost();
    const answer = await rawGet(host.port, `/?token=${tokenOf(host)}`, { Host: `localhost:${host.port}`, Origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('WEB_ORIGIN_FORBIDDEN');
  });

  it('refuses a foreign Host (DNS rebinding) even with the right token', async () => {
    const host = await startTestHost();
    for (const hostHeader of [`evil.example:${host.port}`, 'localhost', `localhost:${host.port + 1}`]) {
      const answer = await rawGet(host.port, `/?token=${tokenOf(host)}`, { Host: hostHeader });
      expect(answer.status).toBe(403);
    }
  });

  it('refuses WebSocket upgrades without a token, with a bad token, or from a foreign Origin', async () => {
    const host = await startTestHost();
    const origin = `http://localhost:${host.port}`;
    await expect(connect(host.port, { Origin: origin })).rejects.toThrow('refused 401');
    await expect(connect(host.port, { Origin: origin, Cookie: 'companion_token=wrong' })).rejects.toThrow('refused 401');
    await expect(connect(host.port, { Origin: 'https://evil.example', Cookie: `companion_token=${tokenOf(host)}` })).rejects.toThrow(
      'refused 403',
    );
    await expect(connect(host.port, { Cookie: `companion_token=${tokenOf(host)}` })).rejects.toThrow('refused 403');
  });

  it('refuses paths outside the renderer', async () => {
    const host = await startTestHost();
    for (const pathName of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/media/notahash', '/assets/../../x.js']) {
      const answer = await rawGet(host.port, pathName, { Host: `localhost:${host.port}`, Cookie: `companion_token=${tokenOf(host)}` });
      expect(answer.status).toBe(404);
    }
  });
});

describe('contract over the WebSocket', () => {
  it('answers calls and refuses malformed frames with a code', async () => {
    const host = await startTestHost();
    const socket = await connect(host.port, { Origin: `http://localhost:${host.port}`, Cookie: `companion_token=${tokenOf(host)}` });
    expect(await call(socket, { type: 'call', id: 1, method: 'getStats', input: {} })).toEqual({
      type: 'result',
      id: 1,
      result: { ok: true, value: { chats: 0, messages: 0, attachments: 0 } },
    });
    expect(await call(socket, { type: 'call', id: 2, method: 'getMessages', input: { chatId: 'x' } })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'IPC_INVALID_INPUT' } },
    });
    expect(await call(socket, 'not json')).toMatchObject({ id: null, result: { ok: false, error: { code: 'IPC_INVALID_INPUT' } } });
    expect(await call(socket, { type: 'call', id: 3, method: 'nope', input: {} })).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'IPC_UNKNOWN_METHOD' } },
    });
    socket.close();
  });

  it('pushes events to connected clients', async () => {
    const host = await startTestHost();
    const socket = await connect(host.port, { Origin: `http://localhost:${host.port}`, Cookie: `companion_token=${tokenOf(host)}` });
    const received = new Promise<ServerFrame>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as ServerFrame)),
    );
    host.context.events.emit('storeChanged', { reason: 'import' });
    expect(await received).toEqual({ type: 'event', event: 'storeChanged', payload: { reason: 'import' } });
    socket.close();
  });
});
