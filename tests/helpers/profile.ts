// Real profiles in temp folders: real SQLite files, real media folders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { ensureProfile, type ProfilePaths } from '../../src-main/store/profile.ts';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder removed after the test. */
export function tempDir(prefix = 'companion-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function tempProfile(): ProfilePaths {
  return ensureProfile(path.join(tempDir(), 'profile'));
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const fixturesDir = path.join(repoRoot, 'tests/fixtures/chat-exports');
