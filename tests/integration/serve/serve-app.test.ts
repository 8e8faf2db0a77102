import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src-main/serve/content-security-policy.ts';
import { createAppRequestHandler } from '../../../src-main/serve/serve-app.ts';
import { tempDir } from '../../helpers/profile.ts';
import { stubRenderer } from '../../helpers/web-host.ts';

const sha = 'ab'.repeat(32);

function handler() {
  const mediaDir = tempDir('media-');
  mkdirSync(path.join(mediaDir, 'ab'));
  writeFileSync(path.join(mediaDir, 'ab', sha), 'jpeg bytes');
  return createAppRequestHandler({ rendererDir: stubRenderer(), mediaDir });
}

const get = (serve: ReturnType<typeof handler>, url: string, method = 'GET') =>
  serve(new Request(`https://companion.example${url}`, { method }));

describe('serving the app', () => {
  it('serves index.html with the CSP and hardening headers', async () => {
    const response = await get(handler(), '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Companion</title>');
  });

  it('has a CSP without inline code, eval or remote origins', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('pins every directive of the CSP', () => {
    const directives: Record<string, string> = {};
    for (const part of contentSecurityPolicy().split('; ')) {
      const [name = '', ...sources] = part.split(' ');
      directives[name] = sources.join(' ');
    }
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: blob:",
      'font-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('serves media only as an allowed type, otherwise as plain bytes', async () => {
    const serve = handler();
    expect((await get(serve, `/media/${sha}?type=image/jpeg`)).headers.get('content-type')).toBe('image/jpeg');
    expect((await get(serve, `/media/${sha}?type=text/html`)).headers.get('content-type')).toBe('application/octet-stream');
    expect((await get(serve, `/media/${'cd'.repeat(32)}`)).status).toBe(404);
  });

  it('refuses other methods, unknown types and paths outside the renderer', async () => {
    const serve = handler();
    expect((await get(serve, '/', 'POST')).status).toBe(404);
    for (const url of ['/../secret.js', '/assets/%2e%2e/%2e%2e/x.js', '/assets/app.map', '/assets/%E0%A4%A.js', '/nope.js']) {
      expect((await get(serve, url)).status).toBe(404);
    }
    expect((await get(serve, '/assets/app.js')).status).toBe(200);
  });
});
