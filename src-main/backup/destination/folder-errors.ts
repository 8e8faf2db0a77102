// File system errors, as the codes a user can act on. What matters is the remedy: free space, fix
// permissions or a read-only mount, reconnect the drive. Unknown errnos pass through unchanged (the
// engine reports them as internal errors with the original in the log).
import { AppError } from '../../../src-shared/errors.ts';

export type FolderOperation = 'read' | 'write' | 'list' | 'delete';

const FULL = new Set(['ENOSPC', 'EDQUOT']);
const PERMISSION = new Set(['EACCES', 'EPERM']);
/** The storage went away under us: a yanked USB drive (EIO), a dropped network or FUSE mount. */
const GONE = new Set(['EIO', 'ENODEV', 'ENXIO', 'ENOMEDIUM', 'ESTALE', 'ENOTCONN', 'EHOSTDOWN', 'EHOSTUNREACH']);

export function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps an fs error to the destination's codes; returns other errors unchanged. */
export function mapFolderError(error: unknown, operation: FolderOperation): unknown {
  const errno = errnoOf(error);
  if (errno === undefined || error instanceof AppError) return error;
  const details = { errno, operation };
  const writing = operation === 'write' || operation === 'delete';
  if (FULL.has(errno)) return new AppError('BACKUP_DESTINATION_FULL', undefined, details, { cause: error });
  if (errno === 'EROFS' || (writing && PERMISSION.has(errno))) {
    return new AppError('BACKUP_DESTINATION_UNWRITABLE', undefined, details, { cause: error });
  }
  // A folder we may not read is, for a reader, a folder that is not there.
  if (PERMISSION.has(errno) || GONE.has(errno)) return new AppError('BACKUP_DESTINATION_UNAVAILABLE', undefined, details, { cause: error });
  return error;
}

export function isMissing(error: unknown): boolean {
  const errno = errnoOf(error);
  return errno === 'ENOENT' || errno === 'ENOTDIR';
}
