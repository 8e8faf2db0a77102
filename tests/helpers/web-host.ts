import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { startWebHost, type WebHost } from '../../src-main/web/start-web-host.ts';
import { tempDir } from './profile.ts';

const running: WebHost[] = [];

afterEach(async () => {
  for (const host of running.splice(0)) await host.close();
});

/** A browser host on a free port over a temp profile, closed after the test. */
export async function startTestHost(options: { rendererDir?: string; profileDir?: string } = {}): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? stubRenderer();
  const host = await startWebHost({ profileDir: options.profileDir ?? path.join(tempDir(), 'profile'), rendererDir });
  running.push(host);
  return host;
}

/** A minimal built renderer, for tests of the host itself. */
export function stubRenderer(): string {
  const dir = tempDir('renderer-');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Companion</title>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("app")');
  return dir;
}

export function tokenOf(host: WebHost): string {
  return new URL(host.url).searchParams.get('token') ?? '';
}
