// Files only this user may read: written atomically with mode 0600 (tmp + fsync + rename, so a crash
// leaves the old key or the new one, never half of one), and refused on read when other accounts could
// have read them too. On Windows the mode bits mean nothing; the profile folder's ACL protects the file.
import { constants } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors.ts';
import { syncDirectory } from '../files/sync-directory.ts';
import { randomBytes } from './sodium.ts';

const posix = process.platform !== 'win32';
const MAX_BYTES = 64 * 1024;

export async function writePrivateFile(file: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** The file's bytes, or null when it does not exist. Throws BACKUP_KEY_FILE_INSECURE / _INVALID. */
export async function readPrivateFile(file: string): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (posix ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new AppError('BACKUP_KEY_FILE_INSECURE', undefined, { reason: 'symlink' });
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError('BACKUP_KEY_FILE_INVALID', undefined, { reason: 'not-a-file' });
    if (posix && (stat.mode & 0o077) !== 0) {
      throw new AppError('BACKUP_KEY_FILE_INSECURE', undefined, {
        reason: 'permissions',
        mode: (stat.mode & 0o777).toString(8).padStart(4, '0'),
      });
    }
    if (posix && stat.uid !== process.getuid?.()) throw new AppError('BACKUP_KEY_FILE_INSECURE', undefined, { reason: 'owner' });
    if (stat.size > MAX_BYTES) throw new AppError('BACKUP_KEY_FILE_INVALID', undefined, { reason: 'size' });
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export async function removePrivateFile(file: string): Promise<void> {
  // Unlinking is all that is reliable: overwriting in place does not reach old blocks on SSDs or
  // copy-on-write file systems (docs/key-hierarchy.md says so).
  await rm(file, { force: true });
}
