// Where the CLI takes a recovery key from: a file or the environment, never the command line,
// where it would land in shell history and in every `ps` listing.
import { readFileSync } from 'node:fs';
import { AppError } from '../../src-shared/errors.ts';
import { usageError } from './cli-error.ts';

export const recoveryKeyEnv = 'COMPANION_RECOVERY_KEY';

export function readRecoveryKeyText(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  if (file !== undefined) {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new AppError('CLI_USAGE', 'The recovery key file could not be read.', { reason: typeof code === 'string' ? code : 'unknown' });
    }
  }
  const fromEnv = env[recoveryKeyEnv];
  return fromEnv === undefined || fromEnv.trim() === '' ? null : fromEnv;
}

export function requireRecoveryKeyText(file: string | undefined): string {
  const text = readRecoveryKeyText(file);
  if (text === null) throw usageError(`a recovery key is needed: --recovery-key-file FILE, or the ${recoveryKeyEnv} environment variable`);
  return text;
}
