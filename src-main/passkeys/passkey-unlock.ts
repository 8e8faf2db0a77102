// Placeholder until the passkey slots land (issue 4, in progress this session): the signature is the
// one the backup handlers call.
import type { z } from 'zod';
import type { BackupLocation } from '../../src-shared/common-schemas.ts';
import { AppError } from '../../src-shared/errors.ts';
import type { PasskeyUnlock } from '../../src-shared/passkey-contract.ts';
import type { UnlockedRepository } from '../backup/repository/repository.ts';
import type { AppContext } from '../services/app-context.ts';

export function unlockRepositoryWithPasskey(
  _context: AppContext,
  _location: BackupLocation,
  _unlock: z.infer<typeof PasskeyUnlock>,
): Promise<UnlockedRepository> {
  return Promise.reject(new AppError('INTERNAL_ERROR', 'Passkey unlock is not available in this build yet.'));
}
