import { readFileSync } from 'node:fs';

/** The version in package.json, for hosts that are not Electron (which has app.getVersion()). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
