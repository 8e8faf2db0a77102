// The browser host holds private data on a local port, so every request must prove it comes from
// the page we printed: a loopback Host (no DNS rebinding), our own Origin (no cross-site calls), and
// the per-run secret token (no other local user or process).
import { timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { tokenCookie } from '../../src-shared/ws-protocol.ts';

export interface RequestFacts {
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly cookie: string | undefined;
  readonly tokenParam: string | null;
  /** WebSocket upgrades and POSTs must carry an Origin; plain page loads may not. */
  readonly originRequired: boolean;
}

export type GuardVerdict = { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly code: ErrorCode };

export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function sameToken(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkRequest(facts: RequestFacts, expected: { readonly port: number; readonly token: string }): GuardVerdict {
  const hosts = allowedHosts(expected.port);
  if (facts.host === undefined || !hosts.includes(facts.host.toLowerCase())) {
    return { ok: false, status: 403, code: 'WEB_ORIGIN_FORBIDDEN' };
  }
  if (facts.origin !== undefined || facts.originRequired) {
    const origins = hosts.map((host) => `http://${host}`);
    if (facts.origin === undefined || !origins.includes(facts.origin.toLowerCase())) {
      return { ok: false, status: 403, code: 'WEB_ORIGIN_FORBIDDEN' };
    }
  }
  const candidate = facts.tokenParam ?? readCookie(facts.cookie, tokenCookie);
  if (candidate === undefined || candidate === '') return { ok: false, status: 401, code: 'WEB_TOKEN_MISSING' };
  if (!sameToken(candidate, expected.token)) return { ok: false, status: 401, code: 'WEB_TOKEN_INVALID' };
  return { ok: true };
}
