// What the journal records about where a passkey ceremony ran (issue: "why did my passkey not
// work?"): the platform and versions, and what the authenticator said about itself. Nothing that
// identifies the person or the credential.
import os from 'node:os';
import type { Environment } from './journal-record.ts';

const safe = (value: string | undefined): string | null =>
  value === undefined ? null : value.replace(/[^A-Za-z0-9 ._()/+-]/g, '').slice(0, 64);

export function ceremonyEnvironment(appVersion: string, facts: Partial<Environment> = {}): Environment {
  return {
    os: process.platform,
    osVersion: safe(os.release()) ?? '',
    app: safe(appVersion) ?? '',
    electron: safe(process.versions['electron']),
    chromium: safe(process.versions['chrome']),
    ...facts,
  };
}
