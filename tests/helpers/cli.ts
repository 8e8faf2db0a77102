import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TEST_NODE_FLAGS } from './node-flags.ts';
import { repoRoot } from './profile.ts';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in a child process, as `npm run cli -- …` would. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliRun {
  const result = spawnSync(process.execPath, [...TEST_NODE_FLAGS, path.join(repoRoot, 'src-main/cli/main.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, COMPANION_LOG: 'silent', ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
