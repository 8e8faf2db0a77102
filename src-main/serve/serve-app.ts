// Serves the built renderer and the media store as Fetch Request → Response. Electron's
// protocol.handle('https') and the browser host both use this, so both serve exactly the same files.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mediaPath } from '../store/media-store.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';

export interface ServeAppOptions {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** The profile's content-addressed media folder. */
  readonly mediaDir: string;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Media is served only as these types; anything else downloads as bytes and is never rendered. */
const mediaTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'audio/ogg', 'audio/mp4', 'audio/mpeg']);

const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...securityHeaders, 'Content-Type': 'text/plain' } });
}

async function fileResponse(file: string, contentType: string, cache: string): Promise<Response> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return notFound();
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: { ...securityHeaders, 'Content-Type': contentType, 'Content-Length': String(info.size), 'Cache-Control': cache },
    });
  } catch {
    return notFound();
  }
}

/** Resolves a URL path inside `root`, or null if it would escape it. */
function insideRoot(root: string, urlPath: string): string | null {
  const resolved = path.resolve(root, `.${path.posix.normalize(decodeURIComponent(urlPath))}`);
  return resolved.startsWith(root + path.sep) ? resolved : null;
}

export function createAppRequestHandler(options: ServeAppOptions): (request: Request) => Promise<Response> {
  const rendererDir = path.resolve(options.rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    const url = new URL(request.url);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      return fileResponse(path.join(rendererDir, 'index.html'), contentTypes['.html'] ?? 'text/html', 'no-store');
    }
    const media = /^\/media\/([a-f0-9]{64})$/.exec(url.pathname);
    if (media?.[1] !== undefined) {
      const requested = url.searchParams.get('type') ?? '';
      const type = mediaTypes.has(requested) ? requested : 'application/octet-stream';
      return fileResponse(mediaPath({ media: options.mediaDir }, media[1]), type, 'private, max-age=31536000, immutable');
    }
    let file: string | null;
    try {
      file = insideRoot(rendererDir, url.pathname);
    } catch {
      return notFound();
    }
    const type = file === null ? undefined : contentTypes[path.extname(file)];
    if (file === null || type === undefined) return notFound();
    return fileResponse(file, type, 'no-cache');
  };
}
