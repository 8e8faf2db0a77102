import { describe, expect, it } from 'vitest';
import { appOriginOf } from '../../../src-main/app/app-origin.ts';
import { blockedResponse, guardAppRequests } from '../../../src-main/app/app-request.ts';
import { bundlePaths } from '../../../src-main/app/bundle-paths.ts';
import path from 'node:path';

const appOrigin = appOriginOf('companion.example');

function recordingServer(): { readonly seen: string[]; readonly serve: (request: Request) => Promise<Response> } {
  const seen: string[] = [];
  return { seen, serve: (request) => (seen.push(request.url), Promise.resolve(new Response('app'))) };
}

describe('guardAppRequests', () => {
  it('passes app-origin requests to the app server', async () => {
    const { seen, serve } = recordingServer();
    const response = await guardAppRequests(serve, appOrigin)(new Request('https://companion.example/assets/index.js'));
    expect(await response.text()).toBe('app');
    expect(seen).toEqual(['https://companion.example/assets/index.js']);
  });

  it.each(['https://example.com/', 'https://companion.example.evil.com/', 'http://companion.example/', 'https://companion.example:444/'])(
    'answers %s with 404 without reaching the app server or the network',
    async (url) => {
      const { seen, serve } = recordingServer();
      const response = await guardAppRequests(serve, appOrigin)(new Request(url));
      expect(response.status).toBe(404);
      expect(seen).toEqual([]);
    },
  );

  it('blocks with an empty 404', async () => {
    const response = blockedResponse();
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });
});

describe('bundlePaths', () => {
  it('finds the preload and renderer next to out/main', () => {
    const mainDir = path.join('/opt', 'Companion', 'resources', 'app.asar', 'out', 'main');
    expect(bundlePaths(mainDir)).toEqual({
      preload: path.join('/opt', 'Companion', 'resources', 'app.asar', 'out', 'preload', 'preload.cjs'),
      rendererDir: path.join('/opt', 'Companion', 'resources', 'app.asar', 'out', 'renderer'),
    });
  });
});
